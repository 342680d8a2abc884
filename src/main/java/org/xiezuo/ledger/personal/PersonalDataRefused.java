package org.xiezuo.ledger.personal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Start-up refused because the personal-data keys are missing in production, or configured wrongly
 * anywhere. The message says in Chinese and English what to set; it never contains key material.
 */
public final class PersonalDataRefused extends IllegalStateException {

    static final String HOW = "用 openssl rand -base64 32 生成密钥，设置 XIEZUO_PERSONAL_DATA_KEYS_1、"
            + "XIEZUO_PERSONAL_DATA_ACTIVE_KEY=1 和 XIEZUO_PERSONAL_DATA_INDEX_KEY（另一把密钥），"
            + "密钥不得写入数据库或代码仓库，详见 docs/personal-data.md";
    static final String HOW_EN = "generate keys with `openssl rand -base64 32` and set XIEZUO_PERSONAL_DATA_KEYS_1, "
            + "XIEZUO_PERSONAL_DATA_ACTIVE_KEY=1 and XIEZUO_PERSONAL_DATA_INDEX_KEY (a separate key), "
            + "never in the database or the repository; see docs/personal-data.md";

    PersonalDataRefused(String message) {
        super(message);
    }

    /** No key configured while the {@code prod} profile is active. */
    static PersonalDataRefused missingInProduction() {
        return new PersonalDataRefused("生产配置（prod）缺少个人信息加密密钥（xiezuo.personal-data.*），拒绝启动：" + HOW + "。"
                + " / The prod profile refuses to start without personal-data keys (xiezuo.personal-data.*): " + HOW_EN + ".");
    }

    /** Keys configured, but not usable; {@code chinese} and {@code english} say what is wrong. */
    static PersonalDataRefused invalid(String chinese, String english) {
        return new PersonalDataRefused("个人信息加密密钥配置有误：" + chinese + "。 / Personal-data keys are misconfigured: "
                + english + "; " + HOW_EN + ".");
    }

    /** Says why the start was refused and what to do, instead of a stack trace. */
    static final class Analyzer extends AbstractFailureAnalyzer<PersonalDataRefused> {
        @Override
        protected FailureAnalysis analyze(Throwable root, PersonalDataRefused cause) {
            return new FailureAnalysis(cause.getMessage(),
                    "Configure xiezuo.personal-data.keys.<id>, xiezuo.personal-data.active-key and "
                            + "xiezuo.personal-data.index-key (environment: XIEZUO_PERSONAL_DATA_KEYS_<id>, "
                            + "XIEZUO_PERSONAL_DATA_ACTIVE_KEY, XIEZUO_PERSONAL_DATA_INDEX_KEY) with base64 32-byte keys "
                            + "from `openssl rand -base64 32`, kept outside the database and the repository.", cause);
        }
    }
}
