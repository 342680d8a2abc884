package org.xiezuo;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Every module uses only the API of the modules it may depend on; the docs are generated from the same model. */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(XiezuoApplication.class);

    @Test
    void everyModuleUsesOnlyItsDeclaredDependencies() {
        MODULES.verify();
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(MODULES).writeDocumentation();
    }
}
