package dev.jobpool.job.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page Tomcat forwards to when a request fails outside a controller: {@code TRACE}, a chunked body
 * with bad framing, an exception in a filter. It replaces Spring Boot's {@code BasicErrorController}, whose
 * JSON is not problem JSON, so these errors have the same shape as every other. A request for {@code /error}
 * itself is not an error being forwarded: it is a 404, not Boot's 500 with {@code "status": 999}.
 */
@Hidden // not part of the API: the container's error page
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<Object> error(HttpServletRequest request) throws UnsupportedEncodingException {
        // the forwarded request keeps the client's charset, which may be garbage (charset=); Spring decodes the
        // path with it as it writes the answer. This controller reads no body, so UTF-8 is safe to impose.
        request.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ProblemDetail problem = Problems.refusedByContainer(status instanceof Integer code ? code : 404);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Problems.setInstance(problem, path instanceof String uri ? uri : request.getRequestURI());
        return Problems.response(problem);
    }
}
