package dev.jobpool.jobtype.registry;

import java.util.List;

/**
 * Job types from beyond the service's own classes, such as plugin jars. The registry takes those of every bean of
 * this kind, so a source depends on the registry and never the other way round.
 */
public interface JobTypeSources {

    List<JobTypeSource> types();
}
