package dev.jobpool.job.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem straight to a servlet response, for the places that answer before Spring MVC does (a Tomcat
 * valve, a first filter): bounded, with the request path as its instance, as {@link Problems#response} does.
 */
final class ProblemBodyWriter {

    private final JsonMapper json;

    ProblemBodyWriter(JsonMapper json) {
        this.json = json.rebuild().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();
    }

    void write(HttpServletResponse response, ProblemDetail problem, String path) throws IOException {
        ProblemDetail bounded = Problems.bounded(problem);
        Problems.setInstance(bounded, path);
        byte[] body = json.writeValueAsBytes(bounded);
        response.setStatus(bounded.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
