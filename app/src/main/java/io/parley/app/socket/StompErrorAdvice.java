package io.parley.app.socket;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import io.parley.app.infra.DomainErrors;
import io.parley.app.web.Problems;
import org.axonframework.messaging.HandlerExecutionException;
import io.parley.app.web.Problems.FieldProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.web.bind.annotation.ControllerAdvice;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** Errors of client STOMP frames, as problem JSON on the sender's {@code /user/queue/errors}; the session lives on. */
@ControllerAdvice
class StompErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(StompErrorAdvice.class);
    private static final String ERRORS = "/queue/errors";

    @MessageExceptionHandler(ParleyException.class)
    @SendToUser(destinations = ERRORS, broadcast = false)
    Map<String, Object> domain(ParleyException e) {
        return Problems.body(e.errorCode(), e.getMessage(), e.properties());
    }

    /** A domain error from a handler, on this node or another (a future's failure, an Axon handler's exception). */
    @MessageExceptionHandler({CompletionException.class, HandlerExecutionException.class})
    @SendToUser(destinations = ERRORS, broadcast = false)
    Map<String, Object> completion(RuntimeException e) {
        return DomainErrors.unwrap(e).map(this::domain).orElseGet(() -> unexpected(e));
    }

    @MessageExceptionHandler(MethodArgumentNotValidException.class)
    @SendToUser(destinations = ERRORS, broadcast = false)
    Map<String, Object> invalid(MethodArgumentNotValidException e) {
        List<FieldProblem> errors = e.getBindingResult() == null ? List.of()
                : e.getBindingResult().getFieldErrors().stream().map(f -> new FieldProblem(f.getField(), f.getDefaultMessage())).toList();
        return Problems.body(ErrorCode.VALIDATION_FAILED, "The frame is not valid.", Map.of("errors", errors));
    }

    @MessageExceptionHandler(MessageConversionException.class)
    @SendToUser(destinations = ERRORS, broadcast = false)
    Map<String, Object> unreadable(MessageConversionException e) {
        return Problems.body(ErrorCode.VALIDATION_FAILED, "The frame body is not valid JSON of the expected shape.",
                Map.of("errors", List.of(new FieldProblem("body", "is missing or not valid JSON"))));
    }

    @MessageExceptionHandler(Exception.class)
    @SendToUser(destinations = ERRORS, broadcast = false)
    Map<String, Object> unexpected(Exception e) {
        log.error("Unhandled error of a STOMP frame", e);
        return Problems.body(ErrorCode.INTERNAL_ERROR, "Something went wrong on our side.", Map.of());
    }
}
