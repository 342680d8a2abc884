package org.xiezuo.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.util.unit.DataSize;

/** The evidence limit and the multipart limit agree, by default and by the start-up check. */
class EvidenceConfigurationTests {

    @Test
    void theDefaultEvidenceLimitIsTheMultipartLimit() throws IOException {
        Properties properties = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"));

        assertThat(DataSize.parse(properties.getProperty("xiezuo.reporting.evidence.max-size")))
                .isEqualTo(DataSize.parse(properties.getProperty("spring.servlet.multipart.max-file-size")))
                .isEqualTo(EvidenceSettings.defaults().maxSize())
                .isEqualTo(DataSize.ofMegabytes(20));
    }

    @Test
    void anEvidenceLimitAboveTheMultipartLimitStopsTheStart() {
        assertThatThrownBy(() -> EvidenceConfiguration.requireWithin(DataSize.ofMegabytes(30), DataSize.ofMegabytes(20)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("xiezuo.reporting.evidence.max-size (31457280B)");
        assertThatCode(() -> EvidenceConfiguration.requireWithin(DataSize.ofMegabytes(10), DataSize.ofMegabytes(20)))
                .doesNotThrowAnyException();
        assertThatCode(() -> EvidenceConfiguration.requireWithin(DataSize.ofMegabytes(20), DataSize.ofBytes(-1)))
                .as("no multipart limit").doesNotThrowAnyException();
    }
}
