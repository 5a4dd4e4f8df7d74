package dev.jobpool.job.web;

import dev.jobpool.job.InvalidRequestException;
import dev.jobpool.job.JobId;
import dev.jobpool.job.JobPage;
import dev.jobpool.job.JobQuery;
import dev.jobpool.job.JobService;
import dev.jobpool.job.JobSpec;
import dev.jobpool.job.LabelFilter;
import dev.jobpool.job.JobStatus;
import dev.jobpool.job.TenantScope;
import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.ClientText;
import dev.jobpool.jobtype.registry.JobJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The job API. Each operation's error responses in the OpenAPI spec come from {@link OpenApiConfiguration};
 * the {@code @ApiResponse}s here name only what is particular to an operation.
 */
@Tag(name = "Jobs", description = "Submit jobs, poll or long-poll their results, list, cancel and delete them")
@RestController
@RequestMapping(path = "/api/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
// declared here rather than in a configuration class, so the web slice tests (@WebMvcTest) bind it too
@EnableConfigurationProperties(ApiProperties.class)
@ReadsTheStore
class JobController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    /** How much of each job a listing shows. */
    enum View {
        /** Everything but input and result, with their sizes instead. */
        SUMMARY,
        /** Input and result too. */
        FULL
    }

    private final JobService jobs;
    private final long maxPageBytes;

    JobController(JobService jobs, ApiProperties properties) {
        this.jobs = jobs;
        this.maxPageBytes = properties.maxPageSize().toBytes();
    }

    @Operation(operationId = "submitJob", summary = "Submit a job",
            description = "Validates the spec against the job type's input schema and queues it. A repeat with the same "
                    + "Idempotency-Key and the same body returns the first job with 200 instead of creating another.")
    @ApiResponse(responseCode = "202", description = "Accepted and queued",
            headers = @Header(name = "Location", description = "The job's URL, /api/v1/jobs/{id}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "A repeat of an earlier submission with the same Idempotency-Key",
            headers = @Header(name = "Location", description = "The job's URL, /api/v1/jobs/{id}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "The spec is invalid (errors[] names each field), or so is the Idempotency-Key")
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used before with a different body")
    @ApiResponse(responseCode = "429", description = "The pool's queue is full, the tenant's quota of queued jobs is "
            + "reached, or its rate limit (see the RateLimit headers); try again after Retry-After seconds")
    @ApiResponse(responseCode = "503", description = "The service is shutting down, or its job store is unreachable; try again (another replica) after Retry-After seconds")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobResponse> submit(@RequestBody JobSpec spec,
            @Parameter(description = "Any unique string, e.g. a UUID; a repeat returns the first job")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @Parameter(hidden = true) TenantScope caller) {
        JobService.Submission submission = jobs.submit(spec, idempotencyKey, caller);
        JobResponse body = JobResponse.of(submission.job());
        HttpStatus status = submission.created() ? HttpStatus.ACCEPTED : HttpStatus.OK;
        return ResponseEntity.status(status).location(URI.create("/api/v1/jobs/" + body.id())).body(body);
    }

    @Operation(operationId = "getJob", summary = "Get a job", description = "The whole job, with its input and result. "
            + "With wait (e.g. 10s), holds the request until the job ends or the wait runs out, and answers the moment it ends.")
    @ApiResponse(responseCode = "200", description = "The job, ended or as it is when the wait ran out")
    @GetMapping("/{id}")
    JobResponse get(@PathVariable String id,
            @Parameter(description = "Long-poll up to this long, e.g. 10s; at most jobpool.jobs.max-wait (60s)", example = "10s")
            @RequestParam(required = false) String wait,
            @Parameter(hidden = true) TenantScope caller) {
        JobId jobId = JobId.parse(id);
        if (wait == null) {
            return JobResponse.of(jobs.get(jobId, caller));
        }
        return JobResponse.of(jobs.await(jobId, durationParam("wait", wait), caller));
    }

    @Operation(operationId = "listJobs", summary = "List jobs", description = "Newest first, filtered (by status, type, pool, labels "
            + "and, for an admin, tenant); follow nextCursor "
            + "for the next page. Each job is a summary: everything but its input and result, whose sizes stand in for them; "
            + "view=full adds both (the whole job is also at GET /api/v1/jobs/{id}). A page holds at most limit jobs and "
            + "at most jobpool.api.max-page-size bytes of JSON (8MB by default): it ends early, with nextCursor, before "
            + "the job that would take it past that size. A page always holds at least one job, however large.")
    @ApiResponse(responseCode = "200", description = "One page of jobs, newest first")
    @GetMapping
    JobListResponse list(
            @Parameter(description = "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED") @RequestParam(required = false) String status,
            @Parameter(description = "A job type name") @RequestParam(required = false) String type,
            @Parameter(description = "io or cpu") @RequestParam(required = false) String pool,
            @Parameter(description = "Only jobs with this label, as key:value (team:search); repeat it for several (all "
                    + "must match)") @RequestParam(required = false) List<String> label, // documents it; read as sent below
            @Parameter(description = "Jobs per page, 1 to 1000; default 50") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor from the previous page") @RequestParam(required = false) String cursor,
            @Parameter(description = "summary (the default): no input or result, their sizes instead; full: with input and result",
                    schema = @Schema(type = "string", allowableValues = {"summary", "full"}, defaultValue = "summary"))
            @RequestParam(required = false) String view,
            @Parameter(description = "Only this tenant's jobs; an admin's listing shows every tenant's without it, "
                    + "anyone else's shows only their own tenant's") @RequestParam(required = false) String tenant,
            @Parameter(hidden = true) TenantScope caller, HttpServletRequest request) {
        boolean full = enumParam("view", view, View.class) == View.FULL;
        JobQuery query = new JobQuery(caller.listing(textParam("tenant", tenant)), enumParam("status", status, JobStatus.class),
                textParam("type", type), enumParam("pool", pool, Pool.class), LabelFilter.parse(request.getParameterValues("label")),
                limitParam(limit), cursorParam(cursor), full);
        if (full) {
            // which jobs fit is decided from their sizes before any payload is read: a thousand results of 10 MB
            // each would otherwise be read into the heap to answer 8 MB of them
            List<JobSummary> sized = jobs.list(query.withoutPayloads()).jobs().stream()
                    .map(job -> JobSummary.of(job, false)).toList();
            query = query.withLimit(Math.min(query.limit(), fittingPageSize(sized, true)));
        }
        JobPage page = jobs.list(query);
        List<JobSummary> summaries = page.jobs().stream().map(job -> JobSummary.of(job, full)).toList();
        int fitting = fittingPageSize(summaries, false);
        if (fitting < summaries.size()) {
            // the store's cursor follows the last job of a page it returned, so ask it for a page of the jobs that fit
            List<JobSummary> kept = summaries.subList(0, fitting);
            page = jobs.list(query.withLimit(fitting));
            summaries = ids(page).equals(kept.stream().map(JobSummary::id).toList())
                    ? kept
                    : page.jobs().stream().map(job -> JobSummary.of(job, full)).toList();
        }
        return new JobListResponse(summaries, page.nextCursor() == null ? null : page.nextCursor().toString());
    }

    /**
     * How many of the first summaries fit in a page's bytes; at least one, so that every page moves on. With
     * {@code addPayloads}, summaries read without their input and result count those by their sizes.
     */
    private int fittingPageSize(List<JobSummary> summaries, boolean addPayloads) {
        long bytes = 0;
        for (int i = 0; i < summaries.size(); i++) {
            JobSummary summary = summaries.get(i);
            bytes += JsonBytes.of(summary);
            if (addPayloads) {
                bytes += (summary.inputSize() == null ? 0 : summary.inputSize())
                        + (summary.resultSize() == null ? 0 : summary.resultSize());
            }
            if (bytes > maxPageBytes) {
                return Math.max(1, i);
            }
        }
        return summaries.size();
    }

    private static List<String> ids(JobPage page) {
        return page.jobs().stream().map(job -> job.id().toString()).toList();
    }

    @Operation(operationId = "cancelJob", summary = "Cancel a job", description = "Stops a queued or running job; a running "
            + "one is interrupted (I/O) or its worker killed (CPU).")
    @ApiResponse(responseCode = "200", description = "The job, now CANCELLED")
    @ApiResponse(responseCode = "409", description = "The job already ended")
    @PostMapping("/{id}/cancel")
    JobResponse cancel(@PathVariable String id, @Parameter(hidden = true) TenantScope caller) {
        return JobResponse.of(jobs.cancel(JobId.parse(id), caller));
    }

    @Operation(operationId = "deleteJob", summary = "Delete an ended job", description = "Forgets the job and its result.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "The job is queued or running; cancel it first")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id, @Parameter(hidden = true) TenantScope caller) {
        jobs.delete(JobId.parse(id), caller);
    }

    private static Duration durationParam(String name, String text) {
        try {
            return JobJson.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of(name, e.getMessage());
        }
    }

    /** A name to match, refused when it holds a control character, which no job type or tenant does. */
    private static String textParam(String name, String text) {
        if (text != null && ClientText.hasControlCharacter(text)) {
            throw InvalidRequestException.of(name, ClientText.quote(text) + " holds a control character; no " + name + " does");
        }
        return text;
    }

    /** A filter left out is no filter; one given empty ({@code ?status=}) is a mistake to report, not the same thing. */
    private static <E extends Enum<E>> E enumParam(String name, String text, Class<E> type) {
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of(name, ClientText.quote(text) + " is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static int limitParam(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidRequestException.of("limit", "limit must be between 1 and " + MAX_LIMIT + "; got " + limit);
        }
        return limit;
    }

    private static Long cursorParam(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of("cursor", ClientText.quote(cursor) + " is not a cursor; pass nextCursor from the previous page");
        }
    }
}
