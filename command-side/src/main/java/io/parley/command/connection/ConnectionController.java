package io.parley.command.connection;

import io.parley.api.ErrorCode;
import io.parley.api.connection.ConnectionCommands.AcceptConnection;
import io.parley.api.connection.ConnectionCommands.DeclineConnection;
import io.parley.api.connection.ConnectionCommands.RemoveConnection;
import io.parley.api.connection.ConnectionCommands.RequestConnection;
import io.parley.api.connection.ConnectionQueries.FindConnection;
import io.parley.api.connection.ConnectionQueries.FindConnectionBetween;
import io.parley.api.connection.ConnectionView;
import io.parley.command.support.Commands;
import io.parley.command.support.ReadModel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** API.md "QR linking and connections": issue QR codes, and request, accept, decline and remove connections. */
@RestController
class ConnectionController {

    record QrCode(String token, String link, Instant expiresAt, long ttlSeconds, String png) {
    }

    record ScanRequest(@NotBlank @Size(max = 128) String qrToken) {
    }

    record ConnectionRef(@NotBlank @Size(max = 64) String connectionId) {
    }

    private final QrTokens qrTokens;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModel readModel;
    private final Clock clock;

    ConnectionController(QrTokens qrTokens, CommandGateway commands, QueryGateway queries, ReadModel readModel, Clock clock) {
        this.qrTokens = qrTokens;
        this.commands = commands;
        this.queries = queries;
        this.readModel = readModel;
        this.clock = clock;
    }

    @PostMapping(value = "/api/qr/generate", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    QrCode generate(Principal principal) {
        String token = qrTokens.issue(principal.getName());
        String link = "parley://connect/" + token;
        return new QrCode(token, link, clock.instant().plus(qrTokens.ttl()), qrTokens.ttl().toSeconds(),
                Base64.getEncoder().encodeToString(QrImages.png(link)));
    }

    @PostMapping(value = "/api/qr/generate", produces = MediaType.IMAGE_PNG_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    byte[] generatePng(Principal principal) {
        return QrImages.png("parley://connect/" + qrTokens.issue(principal.getName()));
    }

    @PostMapping("/api/connections/request")
    @ResponseStatus(HttpStatus.CREATED)
    ConnectionView request(Principal principal, @Valid @RequestBody ScanRequest body) {
        String me = principal.getName();
        String token = body.qrToken().startsWith("parley://connect/")
                ? body.qrToken().substring("parley://connect/".length()) : body.qrToken();
        if (me.equals(qrTokens.owner(token))) {
            throw ErrorCode.SELF_CONNECTION.exception("You scanned your own QR code.");
        }
        String owner = qrTokens.redeem(token);
        if (owner == null) {
            throw ErrorCode.QR_INVALID.exception("The QR code is unknown, expired, superseded or already used.");
        }
        String connectionId = commands.sendAndWait(new RequestConnection(UUID.randomUUID().toString(), me, owner, clock.instant()));
        return awaitStatus(connectionId, me, "pending");
    }

    @PostMapping("/api/connections/accept")
    ConnectionView accept(Principal principal, @Valid @RequestBody ConnectionRef body) {
        send(new AcceptConnection(body.connectionId(), principal.getName(), clock.instant()));
        return awaitStatus(body.connectionId(), principal.getName(), "accepted");
    }

    @PostMapping("/api/connections/decline")
    ConnectionView decline(Principal principal, @Valid @RequestBody ConnectionRef body) {
        send(new DeclineConnection(body.connectionId(), principal.getName(), clock.instant()));
        return awaitStatus(body.connectionId(), principal.getName(), "declined");
    }

    @DeleteMapping("/api/connections/remove")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(Principal principal, @RequestParam(required = false) @Size(max = 64) String connectionId,
                @RequestParam(required = false) @Size(max = 64) String userId) {
        String me = principal.getName();
        if ((connectionId == null) == (userId == null)) {
            throw ErrorCode.VALIDATION_FAILED.exception("Name the connection by connectionId or by userId.")
                    .with("errors", java.util.List.of(java.util.Map.of("field", "connectionId",
                            "message", "give exactly one of connectionId and userId")));
        }
        String id = connectionId != null ? connectionId : between(me, userId);
        send(new RemoveConnection(id, me, clock.instant()));
        awaitStatus(id, me, "removed");
    }

    private String between(String me, String other) {
        ConnectionView live = queries.query(new FindConnectionBetween(me, other),
                ResponseTypes.instanceOf(ConnectionView.class)).join();
        if (live == null) {
            throw ErrorCode.CONNECTION_NOT_FOUND.exception("You have no connection with this user.");
        }
        return live.connectionId();
    }

    private ConnectionView awaitStatus(String connectionId, String me, String status) {
        return readModel.await(new FindConnection(connectionId, me), ConnectionView.class,
                view -> view != null && view.status().equals(status));
    }

    private void send(Object command) {
        Commands.send(commands, command, ErrorCode.CONNECTION_NOT_FOUND, "No such connection.");
    }
}
