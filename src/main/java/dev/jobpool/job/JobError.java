package dev.jobpool.job;

/** Why a job ended without a result: a stable code and a message for a person. */
public record JobError(ErrorCode code, String message) {
}
