package org.xiezuo.ledger;

import java.util.List;

import org.xiezuo.ledger.sheet.Column;
import org.xiezuo.ledger.sheet.ColumnType;

/**
 * The template columns of each ledger kind, in template order. Column keys are what the rest of the
 * module reads; headers are what the .xlsx template shows and the import matches (any order).
 */
final class LedgerColumns {

    static final List<String> TRAINING_KINDS = List.of("劳动力技能", "乡村振兴干部", "乡村振兴人才");
    static final List<String> MONEY_UNITS = List.of("元", "万元");
    static final List<String> DONATION_FORMS = List.of("资金", "物资");
    static final List<String> CHANNELS = List.of("机关食堂", "政采云扶贫馆", "浙里汇", "商超", "电商", "其他");
    static final List<String> PAIRING_TYPES = List.of("学校", "医院", "企业–村", "社会组织–村");
    static final List<String> PARK_KINDS = List.of("产业园区", "农业产业园");

    private static final Column SEQ = Column.of("seq", "序号", ColumnType.TEXT, false).withMaxLength(20);
    private static final Column NAME = Column.of("name", "姓名", ColumnType.NAME, true);
    private static final Column ID = Column.of("idNumber", "身份证号", ColumnType.ID_NUMBER, true).withAliases("身份证号码");
    private static final Column PHONE = Column.of("phone", "手机号", ColumnType.PHONE, false).withAliases("手机号码", "联系电话");
    private static final Column UNIT = Column.of("unit", "填报单位", ColumnType.TEXT, false);
    private static final Column CREDITED = Column.of("unit", "认定单位", ColumnType.TEXT, false).withAliases("填报单位");
    private static final Column REMARK = Column.of("remark", "备注", ColumnType.TEXT, false).withMaxLength(500);
    private static final Column AMOUNT = Column.of("amount", "金额", ColumnType.DECIMAL, true);
    private static final Column AMOUNT_UNIT = Column.choice("amountUnit", "金额单位", true, MONEY_UNITS);

    private LedgerColumns() {}

    static List<Column> of(LedgerKind kind) {
        return switch (kind) {
            case EMPLOYMENT -> List.of(SEQ, NAME, ID, PHONE,
                    Column.of("poor", "是否脱贫人口", ColumnType.YES_NO, true),
                    Column.of("province", "就业省份", ColumnType.TEXT, true).withMaxLength(20),
                    Column.of("employer", "就业单位", ColumnType.TEXT, true),
                    Column.of("startDate", "就业开始日期", ColumnType.DATE, true),
                    Column.of("endDate", "就业结束日期", ColumnType.DATE, false),
                    UNIT, REMARK);
            case DISPATCH -> List.of(SEQ, NAME, ID, PHONE,
                    Column.of("sendingUnit", "派出单位", ColumnType.TEXT, true),
                    Column.of("profession", "专业", ColumnType.TEXT, false),
                    Column.of("receivingUnit", "接收单位", ColumnType.TEXT, true),
                    Column.of("startDate", "开始日期", ColumnType.DATE, true),
                    Column.of("plannedEnd", "计划结束日期", ColumnType.DATE, true),
                    Column.of("actualEnd", "实际结束日期", ColumnType.DATE, false),
                    UNIT, REMARK);
            case TRAINING -> List.of(SEQ,
                    Column.of("date", "培训日期", ColumnType.DATE, true),
                    Column.of("title", "培训名称", ColumnType.TEXT, true),
                    Column.of("organiser", "主办单位", ColumnType.TEXT, true),
                    Column.choice("category", "培训类别", true, TRAINING_KINDS),
                    Column.of("headcount", "培训人数", ColumnType.INTEGER, true),
                    Column.of("poorHeadcount", "其中脱贫人口人数", ColumnType.INTEGER, false),
                    Column.of("personTimes", "培训人次", ColumnType.INTEGER, true),
                    Column.of("poorPersonTimes", "其中脱贫人口人次", ColumnType.INTEGER, false),
                    UNIT, REMARK);
            case DONATION -> List.of(SEQ,
                    Column.of("date", "捐赠日期", ColumnType.DATE, true),
                    Column.of("donor", "捐赠方", ColumnType.TEXT, true),
                    CREDITED,
                    Column.choice("category", "捐赠形式", true, DONATION_FORMS),
                    AMOUNT, AMOUNT_UNIT,
                    Column.of("recipient", "受赠方", ColumnType.TEXT, true),
                    Column.of("receipt", "票据编号", ColumnType.TEXT, false).withMaxLength(60),
                    REMARK);
            case CONSUMPTION -> List.of(SEQ,
                    Column.of("date", "采购日期", ColumnType.DATE, true),
                    Column.of("buyer", "采购单位", ColumnType.TEXT, true),
                    Column.choice("category", "渠道", true, CHANNELS),
                    Column.of("product", "产品", ColumnType.TEXT, true),
                    AMOUNT, AMOUNT_UNIT, UNIT, REMARK);
            case PAIRING -> List.of(SEQ,
                    Column.choice("category", "结对类型", true, PAIRING_TYPES),
                    Column.of("eastParty", "东部结对方", ColumnType.TEXT, true),
                    Column.of("westParty", "西部结对方", ColumnType.TEXT, true),
                    Column.of("startDate", "签约日期", ColumnType.DATE, true),
                    Column.of("endDate", "终止日期", ColumnType.DATE, false),
                    CREDITED, REMARK);
            case INVESTMENT -> List.of(SEQ,
                    Column.of("enterprise", "企业名称", ColumnType.TEXT, true),
                    Column.of("amount", "投资金额", ColumnType.DECIMAL, true), AMOUNT_UNIT,
                    Column.of("date", "到位日期", ColumnType.DATE, true),
                    Column.of("park", "所在园区", ColumnType.TEXT, false),
                    Column.of("jobs", "吸纳农村劳动力就业人数", ColumnType.INTEGER, false),
                    Column.of("poorJobs", "其中脱贫人口就业人数", ColumnType.INTEGER, false),
                    UNIT, REMARK);
            case PARK -> List.of(SEQ,
                    Column.of("name", "园区名称", ColumnType.TEXT, true),
                    Column.choice("category", "园区类别", true, PARK_KINDS),
                    Column.of("startDate", "建立日期", ColumnType.DATE, true),
                    Column.of("endDate", "关闭日期", ColumnType.DATE, false),
                    UNIT, REMARK);
            case WORKSHOP -> List.of(SEQ,
                    Column.of("name", "车间名称", ColumnType.TEXT, true),
                    Column.of("startDate", "建立日期", ColumnType.DATE, true),
                    Column.of("endDate", "关闭日期", ColumnType.DATE, false),
                    Column.of("jobs", "吸纳农村劳动力就业人数", ColumnType.INTEGER, false),
                    Column.of("poorJobs", "其中脱贫人口就业人数", ColumnType.INTEGER, false),
                    UNIT, REMARK);
            case VILLAGE -> List.of(SEQ,
                    Column.of("name", "示范村名称", ColumnType.TEXT, true),
                    Column.of("town", "所在乡镇", ColumnType.TEXT, false),
                    Column.of("startDate", "认定日期", ColumnType.DATE, true),
                    UNIT, REMARK);
        };
    }
}
