package org.vos.api.strategy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * How a process travels between two executives. The full strategy ships every page (the
 * paper's Full State); the minimal one ships only what the target cannot recover (Minimal
 * State). Registered as a service with {@link #NAME}; chosen per migration by name.
 */
@ConsumerType
public interface MigrationStrategy {
    /** Service property: the strategy's name, as given to {@code vos migrate --strategy}. */
    String NAME = "vos.strategy.name";

    /** What happens to the pages of one region. */
    enum PagePolicy {
        /** The pages travel in the image. */
        SHIP,
        /** The target maps the region from its own identical copy of the backing file. */
        MAP_FROM_TARGET
    }

    String name();

    /** One sentence for listings. */
    String description();

    PagePolicy policy(Region region);
}
