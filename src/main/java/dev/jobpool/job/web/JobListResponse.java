package dev.jobpool.job.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of jobs, newest first; pass {@code nextCursor} as {@code cursor} for the next page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "JobList")
record JobListResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<JobSummary> jobs,
        @Schema(description = "Pass as cursor for the next page; absent on the last page") String nextCursor) {
}
