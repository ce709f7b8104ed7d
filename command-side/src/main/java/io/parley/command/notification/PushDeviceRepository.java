package io.parley.command.notification;

import io.parley.command.support.SqlTimes;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** The {@code push_devices} table, in the caller's transaction. */
@Component
class PushDeviceRepository {

    private static final String COLUMNS =
            "select device_id, user_id, platform, address, address_hash, p256dh, auth, created_at from push_devices";
    private static final RowMapper<PushDevice> DEVICE = (row, i) -> new PushDevice(row.getString("device_id"),
            row.getString("user_id"), row.getString("platform"), row.getString("address"), row.getString("address_hash"),
            row.getString("p256dh"), row.getString("auth"), SqlTimes.instant(row, "created_at"));

    private final JdbcClient jdbc;

    PushDeviceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<PushDevice> findById(String deviceId) {
        return jdbc.sql(COLUMNS + " where device_id = ?").param(deviceId).query(DEVICE).optional();
    }

    List<PushDevice> findByUserIdOrderByCreatedAtAsc(String userId) {
        return jdbc.sql(COLUMNS + " where user_id = ? order by created_at").param(userId).query(DEVICE).list();
    }

    Optional<PushDevice> findByAddressHash(String addressHash) {
        return jdbc.sql(COLUMNS + " where address_hash = ?").param(addressHash).query(DEVICE).optional();
    }

    PushDevice insert(PushDevice device) {
        jdbc.sql("insert into push_devices (device_id, user_id, platform, address, address_hash, p256dh, auth, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(device.deviceId(), device.userId(), device.platform(), device.address(), device.addressHash(),
                        device.p256dh(), device.auth(), SqlTimes.at(device.createdAt()))
                .update();
        return device;
    }

    void deleteById(String deviceId) {
        jdbc.sql("delete from push_devices where device_id = ?").param(deviceId).update();
    }

    void deleteByUserId(String userId) {
        jdbc.sql("delete from push_devices where user_id = ?").param(userId).update();
    }
}
