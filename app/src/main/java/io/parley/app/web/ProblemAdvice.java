package io.parley.app.web;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import io.parley.app.infra.DomainErrors;
import io.parley.app.web.Problems.FieldProblem;
import org.axonframework.messaging.HandlerExecutionException;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestValueException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.databind.DatabindException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/** The one place where exceptions become API.md problem+json; no input may produce a 5xx. */
@RestControllerAdvice
class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ParleyException.class)
    ResponseEntity<Map<String, Object>> domain(ParleyException e) {
        return Problems.response(e.errorCode(), e.getMessage(), e.properties());
    }

    /** A domain error from a handler, on this node or another (a future's failure, an Axon handler's exception). */
    @ExceptionHandler({CompletionException.class, HandlerExecutionException.class})
    ResponseEntity<Map<String, Object>> completion(RuntimeException e) {
        return DomainErrors.unwrap(e).map(this::domain).orElseGet(() -> unexpected(e));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Map<String, Object>> invalidBody(MethodArgumentNotValidException e) {
        List<FieldProblem> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldProblem(f.getField(), f.getDefaultMessage()))
                .toList();
        List<FieldProblem> global = e.getBindingResult().getGlobalErrors().stream()
                .map(g -> new FieldProblem(g.getObjectName(), g.getDefaultMessage()))
                .toList();
        return validation(concat(errors, global));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<Map<String, Object>> invalidParameters(HandlerMethodValidationException e) {
        List<FieldProblem> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> new FieldProblem(
                        error instanceof FieldError field ? field.getField() : result.getMethodParameter().getParameterName(),
                        error.getDefaultMessage())))
                .toList();
        return validation(errors);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Map<String, Object>> invalidConstraints(ConstraintViolationException e) {
        return validation(e.getConstraintViolations().stream()
                .map(v -> new FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = databind.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return validation(List.of(new FieldProblem(field, "has the wrong type or format")));
        }
        return validation(List.of(new FieldProblem("body", "is missing or not valid JSON")));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> typeMismatch(MethodArgumentTypeMismatchException e) {
        return validation(List.of(new FieldProblem(e.getName(), "has the wrong type or format")));
    }

    @ExceptionHandler(MissingRequestValueException.class)
    ResponseEntity<Map<String, Object>> missing(MissingRequestValueException e) {
        return validation(List.of(new FieldProblem("request", e.getBody().getDetail())));
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<Map<String, Object>> notFound(Exception e) {
        return Problems.response(ErrorCode.NOT_FOUND, "No such endpoint.", Map.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return Problems.response(ErrorCode.METHOD_NOT_ALLOWED, e.getMethod() + " is not supported here.", Map.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return Problems.response(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send application/json.", Map.of());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Map<String, Object>> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return Problems.response(ErrorCode.NOT_ACCEPTABLE, "Accept application/json.", Map.of());
    }

    /** Only media are uploaded: a body past the multipart limits is a file larger than any kind allows. */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Map<String, Object>> tooLarge(MaxUploadSizeExceededException e) {
        return Problems.response(ErrorCode.MEDIA_TOO_LARGE, "The upload is larger than any media may be.", Map.of());
    }

    /** A multipart body that ends before its closing boundary: cut short by the client, or never well formed. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Map<String, Object>> brokenMultipart(MultipartException e) {
        return validation(List.of(new FieldProblem("file", "is not a complete multipart body")));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Map<String, Object>> forbidden(AccessDeniedException e) {
        return Problems.response(ErrorCode.FORBIDDEN, "You may not do this.", Map.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        log.error("Unhandled error", e);
        return Problems.response(ErrorCode.INTERNAL_ERROR, "Something went wrong on our side.", Map.of());
    }

    private static ResponseEntity<Map<String, Object>> validation(List<FieldProblem> errors) {
        return Problems.response(ErrorCode.VALIDATION_FAILED, "The request is not valid.", Map.of("errors", errors));
    }

    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return b.isEmpty() ? a : java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
