package dev.jobpool.job;

import java.util.List;

/** One page of a listing; {@code nextCursor} is null on the last page. */
public record JobPage(List<Job> jobs, Long nextCursor) {
}
