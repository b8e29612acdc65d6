package org.vos.strategy.full.internal;

import org.osgi.service.component.annotations.Component;
import org.vos.api.strategy.MigrationStrategy;
import org.vos.api.strategy.Region;

/** The paper's Full State: a self-contained image, every page of every region travels. */
@Component(service = MigrationStrategy.class, property = MigrationStrategy.NAME + "=" + FullStrategy.NAME)
public class FullStrategy implements MigrationStrategy {
    static final String NAME = "full";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Full State: every page travels in the image, clean file-backed pages included";
    }

    @Override
    public PagePolicy policy(Region region) {
        return PagePolicy.SHIP;
    }
}
