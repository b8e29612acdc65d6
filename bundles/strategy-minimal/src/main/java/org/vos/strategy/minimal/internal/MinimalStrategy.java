package org.vos.strategy.minimal.internal;

import org.osgi.service.component.annotations.Component;
import org.vos.api.strategy.MigrationStrategy;
import org.vos.api.strategy.Region;

/**
 * The paper's Minimal State: only what the target cannot recover travels. Clean pages of a
 * privately mapped file are mapped from the target's own copy, which the transfer checks first
 * (size and SHA-256): a missing or different file refuses the migration before any page moves.
 */
@Component(service = MigrationStrategy.class, property = MigrationStrategy.NAME + "=" + MinimalStrategy.NAME)
public class MinimalStrategy implements MigrationStrategy {
    static final String NAME = "minimal";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Minimal State: anonymous and written pages travel; clean file pages come from the target's identical file";
    }

    @Override
    public PagePolicy policy(Region region) {
        boolean file = region.path != null && region.path.startsWith("/") && !region.path.endsWith(" (deleted)");
        boolean privateMapping = region.perms != null && region.perms.length() == 4 && region.perms.charAt(3) == 'p';
        return file && privateMapping ? PagePolicy.MAP_FROM_TARGET : PagePolicy.SHIP;
    }
}
