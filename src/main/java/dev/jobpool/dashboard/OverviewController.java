package dev.jobpool.dashboard;

import dev.jobpool.job.JobExecutor;
import dev.jobpool.job.JobScheduler;
import dev.jobpool.job.TenantScope;
import dev.jobpool.job.web.WorkerResponse;
import dev.jobpool.jobtype.Pool;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The dashboard's summaries: small, and answered from memory, however many jobs the store holds. */
@Tag(name = "Dashboard", description = "Summaries for the dashboard, answered from memory: cheap to ask for every few "
        + "seconds, whatever the number of jobs")
@RestController
class OverviewController {

    private final Overview overview;
    private final JobScheduler scheduler;

    OverviewController(Overview overview, JobScheduler scheduler) {
        this.overview = overview;
        this.scheduler = scheduler;
    }

    @Operation(operationId = "getOverview", summary = "Overview of the last 15 minutes",
            description = "For the caller's tenant (an admin: every tenant, or the one named), in steps of 5 seconds: "
                    + "jobs submitted, succeeded and failed per second, queued and running per pool, and the median and "
                    + "99th percentile of wait and run times; and the queue and running jobs now. Rates and times are "
                    + "every replica's (from the events they share), counts are sampled from the store once a step; "
                    + "nothing is read from the store for this request. An admin also gets this replica's worker JVMs "
                    + "and the live replicas.")
    @ApiResponse(responseCode = "200", description = "The overview")
    @ApiResponse(responseCode = "403", description = "The credential lacks the read role, or names another tenant than "
            + "its own")
    @GetMapping(path = "/api/v1/overview", produces = MediaType.APPLICATION_JSON_VALUE)
    OverviewResponse overview(
            @Parameter(description = "An admin: only this tenant's figures (default: every tenant's); anyone else: "
                    + "their own tenant's only") @RequestParam(required = false) String tenant,
            @Parameter(hidden = true) TenantScope caller) {
        Overview.View view = overview.view(caller.listing(tenant));
        boolean admin = caller.everyTenant();
        return new OverviewResponse(Overview.WINDOW.toString(), Overview.STEP.toString(), view.since(), view.series(),
                view.now(), admin ? workers() : null,
                admin ? view.replicas().stream()
                        .map(node -> new OverviewResponse.Replica(node.id(), node.startedAt(), node.heartbeatAt()))
                        .toList() : null);
    }

    private List<WorkerResponse> workers() {
        return scheduler.executor(Pool.CPU).map(JobExecutor::workers).orElse(List.of()).stream()
                .map(WorkerResponse::of).toList();
    }
}
