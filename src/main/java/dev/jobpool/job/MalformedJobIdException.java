package dev.jobpool.job;

import dev.jobpool.jobtype.registry.ClientText;

/** A job id in a request that is not a UUID. */
public class MalformedJobIdException extends RuntimeException {

    private MalformedJobIdException(String message) {
        super(message);
    }

    static MalformedJobIdException forText(String text) {
        return new MalformedJobIdException(ClientText.quote(text) + " is not a job id; job ids are UUIDs such as "
                + "3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17, as returned in the Location header of POST /api/v1/jobs");
    }
}
