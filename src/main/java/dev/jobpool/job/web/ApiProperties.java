package dev.jobpool.job.web;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the REST API's answers.
 *
 * @param maxPageSize the most JSON one page of {@code GET /api/v1/jobs} holds: the page ends early, with a
 *        {@code nextCursor}, before the job that would take it past this size (a page always holds one job)
 */
@Validated
@ConfigurationProperties("jobpool.api")
public record ApiProperties(@DefaultValue("8MB") @NotNull DataSize maxPageSize) {
}
