package dev.jobpool.job.web;

import com.fasterxml.jackson.databind.JavaType;
import dev.jobpool.jobtype.registry.CompactJson;
import dev.jobpool.jobtype.registry.JsonItems;
import dev.jobpool.jobtype.registry.Violation;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI spec at {@code /v3/api-docs}, which client generators and API tools read as the contract: what
 * jobpool is, and every status each operation can answer. The error responses are added here, in one place,
 * from what each handler method takes ({@link #problemsOf}); a controller's {@code @ApiResponse} adds only the
 * problems particular to one operation (409 on cancel) and their meaning. Each error gets the one
 * {@link ProblemSchema Problem} schema, as {@code application/problem+json}, with an example.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String JSON_VALUE_REF = "#/components/schemas/JsonValue";
    private static final String JOB_ID = "3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17";

    /** What a status means when the operation does not say, and what its body looks like. */
    private record Problem(String description, ProblemSchema example) {

        static Problem of(String description, HttpStatus status, String slug, String title, String detail, String instance,
                List<Violation> errors, String jobId, String pool) {
            return new Problem(description, new ProblemSchema(Problems.TYPE_BASE + slug, title, status.value(), detail,
                    instance, errors, jobId, pool));
        }
    }

    private static final Map<HttpStatus, Problem> PROBLEMS = Map.ofEntries(
            Map.entry(HttpStatus.BAD_REQUEST, Problem.of("The request is invalid; errors[] names each field", HttpStatus.BAD_REQUEST,
                    "invalid-request", "Invalid request", "input.duration: 'soon' is not a duration, e.g. \"30s\"",
                    "/api/v1/jobs", List.of(new Violation("input.duration", "'soon' is not a duration, e.g. \"30s\"")),
                    null, null)),
            Map.entry(HttpStatus.UNAUTHORIZED, Problem.of("No credential, or one that is malformed, unknown, expired or "
                    + "revoked; send Authorization: Bearer <API key or JWT>", HttpStatus.UNAUTHORIZED, "unauthorized",
                    "Unauthorized", "send a valid credential as Authorization: Bearer <API key or JWT>; the one sent, if any, "
                            + "is missing, malformed, unknown, expired or revoked", "/api/v1/jobs", null, null, null)),
            Map.entry(HttpStatus.FORBIDDEN, Problem.of("The credential lacks the role this needs; or a POST, PUT, PATCH or "
                    + "DELETE signed in by the session cookie lacks the session's X-CSRF-Token (type .../csrf)", HttpStatus.FORBIDDEN,
                    "forbidden", "Forbidden", "the credential is valid but lacks the role this needs (submit, read, admin "
                            + "or metrics)", "/api/v1/pools", null, null, null)),
            Map.entry(HttpStatus.NOT_FOUND, Problem.of("No job has this id: it never existed, was deleted, or ended longer ago than "
                    + "jobpool.jobs.retention", HttpStatus.NOT_FOUND, "job-not-found", "Job not found",
                    "no job has the id " + JOB_ID, "/api/v1/jobs/" + JOB_ID, null, JOB_ID, null)),
            Map.entry(HttpStatus.NOT_ACCEPTABLE, Problem.of("The Accept header allows no JSON", HttpStatus.NOT_ACCEPTABLE,
                    "not-acceptable", "Not Acceptable", "Acceptable representations: [application/json].",
                    "/api/v1/jobs", null, null, null)),
            Map.entry(HttpStatus.CONFLICT, Problem.of("The job is in the wrong state for this", HttpStatus.CONFLICT, "job-conflict",
                    "Job is in the wrong state", "job " + JOB_ID + " already ended as SUCCEEDED; only a QUEUED or RUNNING "
                            + "job can be cancelled", "/api/v1/jobs/" + JOB_ID + "/cancel", null, JOB_ID, null)),
            Map.entry(HttpStatus.CONTENT_TOO_LARGE, Problem.of("The body is larger than jobpool.jobs.max-request-size",
                    HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request too large", "the request body is larger "
                            + "than 16777216 bytes (jobpool.jobs.max-request-size); split the items into several jobs",
                    "/api/v1/jobs", null, null, null)),
            Map.entry(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Problem.of("The body is not application/json",
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported Media Type",
                    "Content-Type 'text/plain' is not supported.", "/api/v1/jobs", null, null, null)),
            Map.entry(HttpStatus.UNPROCESSABLE_CONTENT, Problem.of("The Idempotency-Key was used before with a different body",
                    HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused",
                    "the Idempotency-Key 'order-4711' was used for a different job spec; use a new key for a new job",
                    "/api/v1/jobs", null, JOB_ID, null)),
            Map.entry(HttpStatus.TOO_MANY_REQUESTS, Problem.of("The pool's queue is full; try again after Retry-After seconds",
                    HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Queue full", "the cpu queue is full (1000 jobs wait "
                            + "already); retry after 1s", "/api/v1/jobs", null, null, "cpu")),
            Map.entry(HttpStatus.SERVICE_UNAVAILABLE, Problem.of("The service is shutting down, or its job store is unreachable; "
                    + "try again (another replica) after Retry-After seconds",
                    HttpStatus.SERVICE_UNAVAILABLE, "shutting-down", "Shutting down", "the service is shutting down and "
                            + "accepts no new jobs; retry in a few seconds", "/api/v1/jobs", null, null, null)));


    /** Statuses that come with a Retry-After header. */
    private static final Set<HttpStatus> RETRY_AFTER = Set.of(HttpStatus.TOO_MANY_REQUESTS, HttpStatus.SERVICE_UNAVAILABLE);

    /** The credential every API operation takes: an API key or a JWT, as a bearer token. */
    static final String BEARER = "bearer";

    @Bean
    OpenAPI jobpoolOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        Components components = new Components();
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("An API key (jp_...), printed once at the first start or made with POST /api/v1/api-keys; "
                        + "or a JWT from the configured issuer"));
        ModelConverters.getInstance().readAll(ProblemSchema.class).forEach(components::addSchemas);
        components.addSchemas("JsonValue", new Schema<>().description("Any JSON value: object, array, string, number, "
                + "boolean or null"));
        return new OpenAPI()
                .info(new Info()
                        .title("jobpool")
                        // build-info.properties, written by the spring-boot-maven-plugin; absent in an IDE run
                        .version(properties != null ? properties.getVersion() : "development")
                        .description("""
                                A service that runs jobs concurrently: the production form of Python's threading and \
                                multiprocessing.Pool as one REST API. Submit a job (a registered type and its input, or \
                                items to map the type over); I/O-bound jobs run on virtual threads, CPU-bound ones on a \
                                pool of worker JVMs, one per core. Poll or long-poll the job for its result, list, \
                                cancel and delete jobs, and see the job types and pools. Every error is RFC 9457 \
                                problem details (application/problem+json) with a stable type URI.""")
                        // TODO(lead): the project names no licence yet; Apache-2.0 is a placeholder to confirm
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(components)
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * A {@link JsonNode} or {@link CompactJson} (a job's input or result, a type's input schema) is any JSON value,
     * so its schema is the empty one, not the bean of getters swagger-core would make of the class. A reference to a
     * component, because swagger-core turns an empty schema in a property into {@code type: object}, which an array
     * result breaks. A map's {@link JsonItems} are an array of such values.
     */
    @Bean
    ModelConverter anyJsonValue() {
        return (type, context, chain) -> {
            JavaType javaType = Json.mapper().constructType(type.getType());
            if (JsonNode.class.isAssignableFrom(javaType.getRawClass()) || javaType.getRawClass() == CompactJson.class) {
                return new Schema<>().$ref(JSON_VALUE_REF);
            }
            if (javaType.getRawClass() == JsonItems.class) {
                // a map's items are described as what they are on the wire: an array of JSON values
                type.type(Json.mapper().getTypeFactory().constructCollectionType(List.class, JsonNode.class));
            }
            return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        };
    }

    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            ApiResponses responses = operation.getResponses();
            problemsOf(handler).forEach(status -> responses.computeIfAbsent(code(status), code -> new ApiResponse()));
            responses.forEach((code, response) -> {
                HttpStatus status = HttpStatus.resolve(Integer.parseInt(code));
                if (status != null && status.isError()) {
                    describeProblem(status, response);
                }
            });
            // in status order, as a reader looks them up
            TreeMap<String, ApiResponse> sorted = new TreeMap<>(responses);
            responses.clear();
            responses.putAll(sorted);
            return operation;
        };
    }

    /**
     * The problems any operation taking these parameters can answer: each rule stands for a check that every
     * such request goes through, whichever controller handles it.
     */
    static Set<HttpStatus> problemsOf(HandlerMethod handler) {
        Set<HttpStatus> statuses = new TreeSet<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                // unreadable or invalid JSON; over jobpool.jobs.max-request-size; not application/json
                statuses.addAll(List.of(HttpStatus.BAD_REQUEST, HttpStatus.CONTENT_TOO_LARGE, HttpStatus.UNSUPPORTED_MEDIA_TYPE));
            }
            if (parameter.hasParameterAnnotation(PathVariable.class)) {
                // every path variable is a job id: malformed, or no such job
                statuses.addAll(List.of(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND));
            }
            if (parameter.hasParameterAnnotation(RequestParam.class) || parameter.hasParameterAnnotation(RequestHeader.class)) {
                statuses.add(HttpStatus.BAD_REQUEST);
            }
        }
        // every operation needs a credential (401) with the role it names (403)
        statuses.addAll(List.of(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN));
        if (!handler.isVoid()) {
            // an Accept header that allows no JSON
            statuses.add(HttpStatus.NOT_ACCEPTABLE);
        }
        if (handler.getBeanType().isAnnotationPresent(ReadsTheStore.class)) {
            // the job store cannot be reached (the database is down)
            statuses.add(HttpStatus.SERVICE_UNAVAILABLE);
        }
        return statuses;
    }

    private static void describeProblem(HttpStatus status, ApiResponse response) {
        Problem problem = PROBLEMS.get(status);
        if (problem == null) {
            throw new IllegalStateException("no problem example for " + status + "; add one to OpenApiConfiguration.PROBLEMS");
        }
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.description(problem.description());
        }
        response.content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref(PROBLEM_REF)).example(problem.example())));
        if (RETRY_AFTER.contains(status)) {
            response.addHeaderObject(HttpHeaders.RETRY_AFTER, new Header()
                    .description("Seconds to wait before trying again").schema(new IntegerSchema()));
        }
    }

    private static String code(HttpStatus status) {
        return Integer.toString(status.value());
    }
}
