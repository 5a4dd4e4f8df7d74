package dev.jobpool.security;

import dev.jobpool.job.StoreUnavailableException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On the first start with security on, no key configured and none ever stored, creates an admin key and
 * prints it once, as Jupyter prints its token: only its hash is kept, so it cannot be shown again.
 */
@Component
class FirstAdminKey {

    private static final Logger log = LoggerFactory.getLogger(FirstAdminKey.class);

    private final AccessProperties properties;
    private final ApiKeys keys;

    FirstAdminKey(AccessProperties properties, ApiKeys keys) {
        this.properties = properties;
        this.keys = keys;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIfNone() {
        if (!properties.enabled()) {
            return;
        }
        try {
            if (!keys.needsFirstAdminKey()) {
                return;
            }
            ApiKeys.Issued issued = keys.create(keys.adminTenant(), Set.of(Role.ADMIN), "first admin key", null);
            log.warn("""

                    ==============================================================================================
                    jobpool created its first API key: admin, tenant '{}'. It is shown this once (only its hash
                    is stored). Every /api request needs it, or a key made with it (POST /api/v1/api-keys):

                        export JOBPOOL_TOKEN={}
                        curl -H "Authorization: Bearer $JOBPOOL_TOKEN" localhost:8080/api/v1/job-types

                    For automation, set JOBPOOL_SECURITY_ADMIN_KEY=jp_<32+ random characters> instead.
                    ==============================================================================================""",
                    issued.key().tenant(), issued.token());
        } catch (StoreUnavailableException e) {
            log.warn("could not create the first admin key: the job store is unreachable ({}); restart once it is back",
                    e.getMessage());
        }
    }
}
