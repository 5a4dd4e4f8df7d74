package dev.jobpool.job.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of jobs, newest first; pass {@code nextCursor} as {@code cursor} for the next page. */
@Schema(name = "JobList")
record JobListResponse(List<JobResponse> jobs, @Schema(description = "Absent on the last page") String nextCursor) {
}
