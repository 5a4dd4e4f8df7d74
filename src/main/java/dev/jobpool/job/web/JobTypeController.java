package dev.jobpool.job.web;

import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.JobTypeRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Job types", description = "What jobs can do, and the input each one takes")
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class JobTypeController {

    /**
     * @param pool where the type runs by default
     * @param allowedPools the pools a job may ask for
     * @param inputSchema JSON Schema (2020-12) of {@code input} and of each item
     */
    record JobTypeResponse(String name, String pool, List<String> allowedPools, String description, JsonNode inputSchema) {
    }

    private final JobTypeRegistry registry;

    JobTypeController(JobTypeRegistry registry) {
        this.registry = registry;
    }

    @Operation(operationId = "listJobTypes", summary = "List the job types", description = "Each registered type with its pool, description and input schema")
    @GetMapping("/api/v1/job-types")
    List<JobTypeResponse> jobTypes() {
        return registry.all().stream()
                .map(type -> new JobTypeResponse(type.name(), name(type.pool()),
                        type.allowedPools().stream().sorted().map(JobTypeController::name).toList(),
                        type.description(), type.inputSchema()))
                .toList();
    }

    private static String name(Pool pool) {
        return pool.id();
    }
}
