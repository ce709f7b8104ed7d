package io.parley.query.call;

import io.parley.api.ErrorCode;
import io.parley.api.call.CallQueries.CallLog;
import io.parley.api.call.CallQueries.CallView;
import io.parley.api.call.CallQueries.FindCall;
import io.parley.api.call.CallQueries.FindCalls;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** API.md "Calls" reads: the call log, one call, and the ICE servers a client hands to its RTCPeerConnection. */
@RestController
@Validated
class CallQueryController {

    record IceServer(List<String> urls, String username, String credential) {
    }

    record IceServers(List<IceServer> iceServers, long ttlSeconds) {
    }

    private final QueryGateway queries;
    private final Clock clock;
    private final List<String> stunUrls;
    private final List<String> turnUrls;
    private final String turnSecret;
    private final Duration turnTtl;

    CallQueryController(QueryGateway queries, Clock clock,
                        @Value("${parley.stun.urls:}") List<String> stunUrls,
                        @Value("${parley.turn.urls:}") List<String> turnUrls,
                        @Value("${parley.turn.secret:}") String turnSecret,
                        @Value("${parley.turn.ttl:24h}") Duration turnTtl) {
        this.queries = queries;
        this.clock = clock;
        this.stunUrls = stunUrls.stream().filter(url -> !url.isBlank()).toList();
        this.turnUrls = turnUrls.stream().filter(url -> !url.isBlank()).toList();
        this.turnSecret = turnSecret;
        this.turnTtl = turnTtl;
    }

    /** {@code before}: the {@code startedAt} of the last call of the previous page. */
    @GetMapping("/api/calls")
    CallLog log(Principal principal,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant before,
                @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return queries.query(new FindCalls(principal.getName(), before, limit), ResponseTypes.instanceOf(CallLog.class)).join();
    }

    @GetMapping("/api/calls/{callId}")
    CallView call(Principal principal, @PathVariable String callId) {
        CallView call = queries.query(new FindCall(callId, principal.getName()), ResponseTypes.instanceOf(CallView.class)).join();
        if (call == null) {
            throw ErrorCode.CALL_NOT_FOUND.exception("No such call.");
        }
        return call;
    }

    /**
     * STUN as configured; TURN with credentials of the TURN REST convention (coturn's {@code use-auth-secret}): the
     * user name {@code <expiry epoch s>:<userId>} and its HMAC-SHA1 under the shared secret, valid {@code parley.turn.ttl}.
     * The secret itself never leaves the server. Nothing configured: an empty list.
     */
    @GetMapping("/api/calls/ice-servers")
    IceServers iceServers(Principal principal) {
        List<IceServer> servers = new ArrayList<>();
        if (!stunUrls.isEmpty()) {
            servers.add(new IceServer(stunUrls, null, null));
        }
        if (!turnUrls.isEmpty() && !turnSecret.isBlank()) {
            String username = clock.instant().plus(turnTtl).getEpochSecond() + ":" + principal.getName();
            servers.add(new IceServer(turnUrls, username, hmacSha1(username)));
        }
        return new IceServers(servers, turnTtl.toSeconds());
    }

    private String hmacSha1(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(turnSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }
}
