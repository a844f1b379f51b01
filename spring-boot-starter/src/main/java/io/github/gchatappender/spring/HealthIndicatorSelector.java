package io.github.gchatappender.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Imports the health indicator's configuration for the health API this Boot has: Boot 3's
 * ({@code org.springframework.boot.actuate.health}) or Boot 4's ({@code org.springframework.boot.health.contributor}).
 * By name, since each configuration's classes load only where their API exists (and a build against
 * Boot 4 leaves Boot 3's out).
 */
final class HealthIndicatorSelector implements ImportSelector {

    private static final String[][] CONFIGURATIONS = {
        {
            "org.springframework.boot.actuate.health.AbstractHealthIndicator",
            "io.github.gchatappender.spring.Boot3HealthConfiguration"
        },
        {
            "org.springframework.boot.health.contributor.AbstractHealthIndicator",
            "io.github.gchatappender.spring.Boot4HealthConfiguration"
        },
    };

    @Override
    public String[] selectImports(AnnotationMetadata importingClass) {
        ClassLoader loader = HealthIndicatorSelector.class.getClassLoader();
        List<String> selected = new ArrayList<>();
        for (String[] configuration : CONFIGURATIONS) {
            if (ClassUtils.isPresent(configuration[0], loader) && ClassUtils.isPresent(configuration[1], loader)) {
                selected.add(configuration[1]);
            }
        }
        return selected.toArray(new String[0]);
    }
}
