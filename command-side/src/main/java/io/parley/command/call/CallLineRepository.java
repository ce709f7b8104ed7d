package io.parley.command.call;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface CallLineRepository extends JpaRepository<CallLine, String> {

    @Query("select count(distinct l.callId) from CallLine l")
    long countDistinctCalls();
}
