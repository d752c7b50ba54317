/* The language of plans that names projects: the verbs before a list of
 * things to build, how names of facilities end, what marks a title or a
 * quantity rather than a name. Words of plans in general, never of one plan
 * (cli_extract checks the extractor's sources for the bundled plans' names). */
#include "extract_internal.h"

#include <stddef.h>
#include <string.h>

/* Adverbs before a verb: stripped. */
const char *const pm_ex_adverb[] = {"积极", "大力", "全力", "着力", "重点", "率先", "先行", "有序",
                                    "稳步", "协调", "研究", "全面", "持续", "共同", "将",
                                    NULL};
/* Verbs that start a list of things to build, longest first. */
const char *const pm_ex_build[] = {
    "谋划建设", "规划建设", "改扩建", "推动", "推进", "建设", "打造", "实施", "谋划", "争取",
    "创建", "新建", "启动", "建成", "引进", "筹建", "设立", "培育", "包括", "完成", "落地",
    "共建", "搭建", "开展", "策划", "做强", "加快", "加速", "布局", "开通", "扩建", NULL};
/* Verbs whose lists are context, not projects. */
const char *const pm_ex_context[] = {"依托", "围绕", "聚焦", "发挥", "利用", "联合", "通过",
                                     "借助", "面向", "对接", "联动", "串联", "以", "与",
                                     "支持", "鼓励", "吸引", NULL};
/* How the names of projects, facilities and programmes end. */
const char *const pm_ex_suffix[] = {
    "中心", "基地", "园区", "产业园", "科技园", "园", "城", "港", "平台", "实验室", "装置",
    "医院", "院区", "卫生院", "学校", "小学", "中学", "大学", "研究院", "研究所", "博物馆",
    "馆", "公园", "工程", "示范区", "集聚区", "功能区", "小镇", "枢纽", "机场", "站", "大道",
    "隧道", "号线", "城际", "铁路", "高速", "大桥", "厂", "库", "集群", "总部", "社区",
    "街区", "谷", "岛", "湾", "广场", "综合体", "生产线", "系统", "数据库", "资源库",
    "孵化器", "加速器", "试验区", "自贸区", "商圈", "场景", "绿道", "廊道", "片区", "机构",
    "水库", "路网", "医院", "创客", "派出所", "用房", "线", "巴士", "专线", "环路", "公路",
    "快速路", NULL};
/* Works a box lists as projects: …改造, …修复. */
const char *const pm_ex_works[] = {"改造", "提升", "治理", "修复", "重建", "扩建", "带", "轴",
                                   "一期", "二期", "三期", "四期", NULL};
/* Words that start a clause of their own, not a list item: 实现…, 形成… */
const char *const pm_ex_clause[] = {"实现", "形成", "提升", "提高", "完善", "加强", "促进", "满足",
                                    "确保", "力争", "新增", "达到", "构建", "推出", NULL};
/* How titles end that a plan gives a place, not a project: …高地, …之都. */
const char *const pm_ex_title[] = {"高地", "之都", "样板", "标杆", "典范", "策源地", "桥头堡",
                                   "名城", "窗口", "引擎", "新高地", "之谷", "之城", "之窗", NULL};
/* Words that make an item a quantity, not a name: 若干…, 一批… */
const char *const pm_ex_quantity[] = {"若干", "一批", "一系列", "多个", "各类", "一些", "一大批",
                                      NULL};
/* Land a context verb's list may name as projects: 依托X工业园. */
const char *const pm_ex_land[] = {"园区", "园", "新城", "高新区", "开发区", "新区", "机场", "基地",
                                  NULL};
/* What a list closed by 等 names when its items are means, not projects:
 * 通过A、B等渠道. */
const char *const pm_ex_means[] = {"渠道", "方式", "形式", "途径", "手段", "模式", NULL};
/* What a list closed by 等 names when its items are projects: 等项目建设. */
const char *const pm_ex_project_words[] = {"项目", "工程", "医院", "学校", "平台", "基地",
                                           "中心", "实验室", "水库", "设施", NULL};
/* How a box heading that is itself a project ends. */
const char *const pm_ex_programme[] = {"行动", "计划", "工程", "项目", "改革", "场景", "体系",
                                       "建设", "水平", "风尚", "治理", "修复", NULL};
/* Place words: a name up to one of these is where the project is. */
const char *const pm_ex_place[] = {"街道", "片区", "园区", "组团", "大道", "镇", "乡",
                                   "路", "街", "河", "江", "湖", "村", NULL};
/* Words a place word begins that are no place: 特色街区 is no 特色街,
 * 配套路网 no 配套路. */
const char *const pm_ex_place_longer[] = {"街区", "路网", "路线", "路径", "湖景", "村庄", "乡村",
                                          "河湖", "江湖", "湖泊", "江河", "河流", NULL};
/* Common nouns a place word ends: 城际铁路 is a railway, not a road's name. */
const char *const pm_ex_place_common[] = {"铁路", "公路", "道路", "线路", "电路", "网路", "水路",
                                          "马路", "通路", "城乡", "农村", "乡村", "城镇", "乡镇",
                                          NULL};
/* Class nouns a list may write once for all its items (东江、西岭、南屏高新区:
 * three 高新区), longest first. */
const char *const pm_ex_class_noun[] = {
    "高新区", "开发区", "经开区", "保税区", "自贸区", "产业园", "工业园", "科技园", "示范区",
    "试验区", "功能区", "集聚区", "园区", "新区", "新城", "片区", "组团", "基地", "中心",
    "实验室", "研究院", NULL};
/* Words between a name and the class noun its list shares (成东、成北工业园区:
 * two 工业园区); never a name of their own. */
const char *const pm_ex_class_modifier[] = {"工业", "产业", "科技", "物流", "重点", "经济技术",
                                            "技术", "创新", "工程", NULL};
/* Of those, zones named by the place they are in: 东江高新区 is in 东江. */
const char *const pm_ex_zone_noun[] = {"高新区", "开发区", "经开区", "保税区", "自贸区", "产业园",
                                       "工业园", "园区", "新区", "新城", "片区", "组团", NULL};
/* Where an item's text stops being its name. */
const char *const pm_ex_tail[] = {"等", "升级为", "纳入", "前期工作", "优化升级", "项目建设",
                                  "建设", "为主", "提档升级", "为核心", "为载体", "为依托",
                                  "为重点", "为龙头", "为引领", "为支撑", NULL};

/* A count at the end of an item (社区养老服务中心20个, …平台 50 家以上): its
 * start in [s, s+n), or n. */
size_t pm_ex_count_tail(const char *s, size_t n)
{
    static const char *const more[] = {"以上", "左右", "余", NULL};
    static const char *const measure[] = {"万平方米", "平方米", "平方公里", "公里", "千米", "米",
                                          "万亩", "亩", "个", "处", "所", "座", "家", "条", "项",
                                          "套", "张", "台", NULL};
    size_t e = n;
    for (const char *const *w = more; *w; w++)
        if (pm_ex_ends_with(s, e, *w) && e > strlen(*w)) {
            e -= strlen(*w);
            break;
        }
    size_t m = 0;
    for (const char *const *w = measure; *w && !m; w++)
        if (pm_ex_ends_with(s, e, *w))
            m = strlen(*w);
    if (!m)
        return n;
    e -= m;
    while (e && s[e - 1] == ' ')
        e--;
    size_t d = e;
    for (;;) {
        if (d && ((s[d - 1] >= '0' && s[d - 1] <= '9') || s[d - 1] == '.'))
            d--;
        else if (d >= 3 && pm_ex_is_digit(pm_ex_cp(s + d - 3, &(int){0})))
            d -= 3;
        else
            break;
    }
    if (d == e)
        return n;
    while (d && s[d - 1] == ' ')
        d--;
    return d;
}
