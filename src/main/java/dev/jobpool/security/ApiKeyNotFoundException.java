package dev.jobpool.security;

import dev.jobpool.jobtype.registry.ClientText;

/** No API key has this id. */
public class ApiKeyNotFoundException extends RuntimeException {

    ApiKeyNotFoundException(String id) {
        super("no API key " + ClientText.quote(id));
    }
}
