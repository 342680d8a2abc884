package org.xiezuo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Resolves {@code xiezuo.data-dir} (default {@code ./data}) to an absolute, existing directory and
 * publishes it as {@code xiezuo.data-path}, which the embedded H2 URL uses: H2 refuses paths that are
 * implicitly relative, and a user may pass {@code --xiezuo.data-dir=mydata}.
 */
class DataDirectory implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty("xiezuo.data-dir", "./data");
        Path path = Path.of(configured).toAbsolutePath().normalize();
        environment.getPropertySources().addLast(new MapPropertySource("xiezuoDataDirectory",
                Map.of("xiezuo.data-path", path.toString().replace('\\', '/'))));
        String url = environment.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:h2:file:")) {
            try {
                Files.createDirectories(path);
            } catch (Exception e) {
                // H2 reports it when it opens the database, naming the path
            }
        }
    }
}
