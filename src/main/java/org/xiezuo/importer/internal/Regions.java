package org.xiezuo.importer.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small gazetteer of the provinces in East–West cooperation and their cities and counties, enough to
 * infer “浙江省” from “舟山市普陀区” or “四川省” from “万源”. A name found in more than one province
 * (上海 and 舟山 both have a 普陀区) is ambiguous and never decides alone.
 */
final class Regions {

    static final List<String> PROVINCES = List.of(
            "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省",
            "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省",
            "云南省", "陕西省", "甘肃省", "青海省", "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区",
            "新疆维吾尔自治区");

    private static final Map<String, String> PLACES = new HashMap<>();
    private static final Set<String> AMBIGUOUS = new HashSet<>();
    /** Place names longest first, so 吉林市 is tried before 吉林. */
    private static final List<String> BY_LENGTH;

    static {
        place("浙江省", "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 "
                + "上城 拱墅 西湖 滨江 萧山 余杭 临平 钱塘 富阳 临安 桐庐 淳安 建德 海曙 江北 北仑 镇海 鄞州 奉化 象山 宁海 余姚 慈溪 "
                + "鹿城 龙湾 瓯海 洞头 永嘉 平阳 苍南 文成 泰顺 瑞安 乐清 龙港 南湖 秀洲 嘉善 海盐 海宁 平湖 桐乡 吴兴 南浔 德清 长兴 安吉 "
                + "越城 柯桥 上虞 新昌 诸暨 嵊州 婺城 金东 武义 浦江 磐安 兰溪 义乌 东阳 永康 柯城 衢江 常山 开化 龙游 江山 "
                + "定海 普陀 岱山 嵊泗 椒江 黄岩 路桥 三门 天台 仙居 温岭 临海 玉环 莲都 青田 缙云 遂昌 松阳 云和 庆元 景宁 龙泉");
        place("四川省", "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 阿坝 甘孜 凉山 "
                + "万源 宣汉 开江 大竹 渠县 达川 通川 平昌 通江 南江 恩阳 巴州 平武 北川 旺苍 青川 剑阁 苍溪 朝天 昭化 利州 "
                + "马边 峨边 沐川 金口河 叙永 古蔺 屏山 筠连 珙县 兴文 高县 仪陇 南部 阆中 营山 蓬安 嘉陵 "
                + "昭觉 布拖 美姑 金阳 雷波 越西 喜德 普格 盐源 木里 甘洛 理县 茂县 松潘 九寨沟 黑水 小金 壤塘 若尔盖 红原 "
                + "康定 泸定 丹巴 九龙 雅江 道孚 炉霍 色达 石渠 白玉 德格 理塘 巴塘 乡城 稻城 得荣 石棉 汉源 宝兴 天全 芦山 荥经");
        place("江苏省", "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁");
        place("广东省", "广州 深圳 珠海 汕头 佛山 韶关 湛江 肇庆 江门 茂名 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 香洲");
        place("福建省", "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德");
        place("山东省", "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽");
        place("上海市", "上海");
        place("北京市", "北京");
        place("天津市", "天津");
        place("陕西省", "西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛");
        place("贵州省", "贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南 黔东南 黔南 凤冈");
        place("云南省", "昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄 红河 文山 西双版纳 大理 德宏 怒江 迪庆 大姚 姚安");
        place("甘肃省", "兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏 甘南");
        place("青海省", "西宁 海东 海北 黄南 海南州 果洛 玉树 海西");
        place("宁夏回族自治区", "银川 石嘴山 吴忠 固原 中卫");
        place("广西壮族自治区", "南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左");
        place("重庆市", "重庆 万州 黔江 涪陵 城口 巫溪 巫山 奉节 云阳 开州 酉阳 彭水 秀山 石柱");
        place("新疆维吾尔自治区", "乌鲁木齐 克拉玛依 吐鲁番 哈密 阿克苏 喀什 和田 伊犁 塔城 阿勒泰");
        place("西藏自治区", "拉萨 日喀则 昌都 林芝 山南 那曲 阿里");
        place("内蒙古自治区", "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安 锡林郭勒 阿拉善");
        place("河北省", "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水");
        place("吉林省", "长春 吉林市 四平 辽源 通化 白山 松原 白城 延边");
        // 普陀 is also a district of 上海; 鼓楼 of 南京 and 福州; 江北 of 宁波 and 重庆
        AMBIGUOUS.addAll(List.of("普陀", "鼓楼", "江北", "海南州"));
        List<String> names = new ArrayList<>(PLACES.keySet());
        names.removeAll(AMBIGUOUS);
        names.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        BY_LENGTH = List.copyOf(names);
    }

    private Regions() {}

    private static void place(String province, String names) {
        for (String name : names.split("\\s+")) {
            String previous = PLACES.putIfAbsent(name, province);
            if (previous != null && !previous.equals(province)) AMBIGUOUS.add(name);
        }
    }

    /**
     * The province a text names: a province written out wins; otherwise the longest unambiguous place
     * name it contains.
     */
    static Optional<String> provinceOf(String text) {
        if (text == null || text.isBlank()) return Optional.empty();
        for (String province : PROVINCES) {
            String shortName = shortName(province);
            if (text.contains(province) || text.startsWith(shortName)) return Optional.of(province);
        }
        for (String name : BY_LENGTH) {
            if (text.contains(name)) return Optional.of(PLACES.get(name));
        }
        return Optional.empty();
    }

    /** Provinces written out in text, e.g. 四川省 in “帮助四川省农村劳动力…”. 我省/本省 name none. */
    static List<String> provincesNamedIn(String text) {
        List<String> found = new ArrayList<>();
        for (String province : PROVINCES) {
            int at = text.indexOf(province);
            while (at >= 0) {
                found.add(province);
                at = text.indexOf(province, at + province.length());
            }
        }
        return found;
    }

    static String shortName(String province) {
        return province.replaceAll("(壮族|回族|维吾尔)?(自治区|省|市)$", "");
    }
}
