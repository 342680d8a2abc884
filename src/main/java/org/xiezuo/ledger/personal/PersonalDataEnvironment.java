package org.xiezuo.ledger.personal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Personal-data settings as the environment gives them, before anything starts:
 * <ul>
 * <li>{@code XIEZUO_PERSONAL_DATA_KEYS_<id>} variables become {@code xiezuo.personal-data.keys.<id>}.
 *     Spring's relaxed binding reads {@code XIEZUO_PERSONAL_DATA_ACTIVE_KEY} and {@code _INDEX_KEY} for
 *     the dashed names, but for map entries it only knows {@code XIEZUO_PERSONALDATA_KEYS_<id>}; without
 *     this, the documented variable would be ignored in silence.</li>
 * <li>The {@code prod} profile without keys is refused here, before anything connects to the database:
 *     a generated key next to the data would end up in the same backups, on one instance only, and
 *     undecryptable on the others. {@link PersonalDataKeys} checks the same again when the bean is made.</li>
 * </ul>
 */
class PersonalDataEnvironment implements EnvironmentPostProcessor {

    static final String SOURCE = "xiezuoPersonalDataKeyVariables";
    private static final Pattern KEY_VARIABLE = Pattern.compile("XIEZUO_PERSONAL_DATA_KEYS_(\\d{1,9})");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        PropertySource<?> variables = environment.getPropertySources().get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (variables instanceof EnumerablePropertySource<?> enumerable) {
            Map<String, Object> keys = new TreeMap<>();
            for (String name : enumerable.getPropertyNames()) {
                Matcher m = KEY_VARIABLE.matcher(name.toUpperCase(Locale.ROOT));
                Object value = enumerable.getProperty(name);
                if (m.matches() && value != null) keys.put("xiezuo.personal-data.keys." + Integer.parseInt(m.group(1)), value);
            }
            if (!keys.isEmpty()) {
                environment.getPropertySources().addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new MapPropertySource(SOURCE, keys));
            }
        }
        if (!production(environment)) return;
        PersonalDataSettings settings = Binder.get(environment).bind("xiezuo.personal-data", PersonalDataSettings.class)
                .orElseGet(() -> PersonalDataSettings.generated(PersonalDataSettings.Generate.FILE, null));
        if (!settings.anyConfigured()) throw PersonalDataRefused.missingInProduction();
    }

    static boolean production(Environment environment) {
        return Arrays.asList(environment.getActiveProfiles()).contains("prod");
    }
}
