package dev.jobpool.security;

import dev.jobpool.job.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Security's refusals as problem JSON, in the one shape every error has ({@link Problems}). First in line, so
 * the general handler's catch-all never takes an authentication error for a bug.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityProblems {

    /** One answer for every bad credential, so a caller cannot probe which keys exist or were revoked. */
    @ExceptionHandler
    ResponseEntity<Object> unauthenticated(AuthenticationException e) {
        return Problems.response(Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "send a valid credential as Authorization: Bearer <API key or JWT>; the one sent, if any, is missing, "
                        + "malformed, unknown, expired or revoked"));
    }

    @ExceptionHandler
    ResponseEntity<Object> forbidden(AccessDeniedException e) {
        return Problems.response(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "the credential is valid but lacks the role this needs (submit, read, admin or metrics)"));
    }

    @ExceptionHandler
    ResponseEntity<Object> rateLimited(RateLimitedException e) {
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Rate limit reached", e.getMessage());
        return Problems.response(problem, Problems.retryAfter(e.retryAfter()));
    }

    @ExceptionHandler
    ResponseEntity<Object> apiKeyNotFound(ApiKeyNotFoundException e) {
        return Problems.response(Problems.of(HttpStatus.NOT_FOUND, "api-key-not-found", "API key not found", e.getMessage()));
    }
}
