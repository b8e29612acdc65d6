package org.vos.interceptor.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One per-application profile from a Config Admin factory configuration (factory PID
 * {@code org.vos.interceptor.profile}); the interceptor picks it up from the registry.
 */
@Component(service = ProfileComponent.class, configurationPid = "org.vos.interceptor.profile",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ProfileComponent.Config.class, factory = true)
public final class ProfileComponent {

    @ObjectClassDefinition(name = "vos interceptor profile", description = "Which hook sets apply to which programs")
    public @interface Config {
        @AttributeDefinition(name = "Name")
        String name() default "profile";

        @AttributeDefinition(name = "Applies to", description = "Globs on the executable name (file name of argv[0] or the executable)")
        String[] appliesTo();

        @AttributeDefinition(name = "Hook sets", description = "Hook sets (vos.hook.set) restricted to these programs")
        String[] hookSets();
    }

    final Profile profile;

    @Activate
    public ProfileComponent(Config config) {
        this.profile = Profile.of(config.name(), config.appliesTo(), config.hookSets());
    }
}
