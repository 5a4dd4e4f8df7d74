package dev.jobpool.job.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jobpool.job.Job;
import dev.jobpool.job.JobId;
import dev.jobpool.job.JobPage;
import dev.jobpool.job.JobQuery;
import dev.jobpool.job.JobService;
import dev.jobpool.job.JobStatus;
import dev.jobpool.job.TenantScope;
import dev.jobpool.jobtype.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

/**
 * {@code view=full} reads the input and result only of the jobs its page can hold: which fit is decided from
 * their sizes first, so a listing of jobs with large results never reads a thousand of them to answer a few.
 */
class FullListingTests {

    private static final long RESULT_BYTES = DataSize.ofMegabytes(3).toBytes();

    @Test
    void aFullPageReadsThePayloadsOfTheJobsThatFitOnly() {
        List<Job> stored = IntStream.range(0, 5).mapToObj(FullListingTests::succeededWithALargeResult).toList();
        JobService jobs = mock(JobService.class);
        when(jobs.list(any())).thenAnswer(call -> {
            JobQuery query = call.getArgument(0);
            return new JobPage(stored.subList(0, Math.min(query.limit(), stored.size())), null);
        });
        JobController controller = new JobController(jobs, new ApiProperties(DataSize.ofMegabytes(8)));

        controller.list(null, null, null, null, 100, null, "full", null, TenantScope.UNSECURED, new MockHttpServletRequest());

        ArgumentCaptor<JobQuery> asked = ArgumentCaptor.forClass(JobQuery.class);
        verify(jobs, atLeastOnce()).list(asked.capture());
        assertThat(asked.getAllValues()).filteredOn(JobQuery::payloads).as("two results of 3 MB fit in 8 MB, a third does not")
                .extracting(JobQuery::limit).containsOnly(2);
    }

    /** As a store lists it without payloads: their sizes only. */
    private static Job succeededWithALargeResult(int sequence) {
        Instant at = Instant.parse("2026-12-03T10:00:00Z").plusSeconds(sequence);
        return Job.restore(new Job.Stored(JobId.random(), Job.DEFAULT_TENANT, sequence, sequence, "sleep", Pool.IO, null, null, 0, 0,
                0, Duration.ofMinutes(1), 1, Map.of(), null, null, JobStatus.SUCCEEDED, 1, 0, null, null, at, at, at, at, 20L,
                RESULT_BYTES));
    }
}
