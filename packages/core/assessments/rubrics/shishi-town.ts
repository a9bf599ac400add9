// 镇安全生产标准化提质增效督导帮扶行动细则: 附件4 of 石狮市安全生产委员会办公室's 2024 plan
// 《石狮市开展重点镇安全生产标准化提质增效督导帮扶行动实施方案》(2024-11-04), the 100-point table for towns.
// The Chinese text (zh) is verbatim from the source, minus the leading numbering and the trailing "(N分)";
// the English (en) is ours. Where the source is inconsistent or silent, `notes` says how it was read.
import type { z } from "zod";
import type { RubricDefinitionSchema } from "#core/assessments/rubric";

export const shishiTownRubric = {
  title: {
    zh: "镇安全生产标准化提质增效督导帮扶行动细则",
    en: "Supervision and assistance rules for raising the quality of work-safety standardization: towns",
  },
  kind: "scored",
  target: "town",
  totalPoints: "100",
  source: "石狮市安全生产委员会办公室《石狮市开展重点镇安全生产标准化提质增效督导帮扶行动实施方案》, 2024-11-04, 附件4",
  notes: [
    {
      zh: "第7项的一格内有两句,各带分值:“是否形成乡镇(街道、园区)典型经验做法文字汇报材料;(3分)”与“形成PPT汇报材料。(1分)”。拆为两条细则7.1(3分)和7.2(1分),均按是否做到计分。",
      en: "Item 7 holds two sentences in one cell, each with its own points: “…文字汇报材料;(3分)” (written report on typical experience) and “形成PPT汇报材料。(1分)” (PPT report). Split into criteria 7.1 (3 points) and 7.2 (1 point), both yes/no.",
    },
    {
      zh: "第12项的一格内有两句:“是否培育一批……员工素质好的企业;(2分)”与“是否复制推广标杆企业典型经验,开展观摩调度推进会。(3分)”。拆为12.1(2分)和12.2(3分)。",
      en: "Item 12 holds two sentences in one cell: “是否培育一批…员工素质好的企业;(2分)” (cultivate model enterprises) and “是否复制推广标杆企业典型经验,开展观摩调度推进会。(3分)” (spread their experience, hold on-site meetings). Split into 12.1 (2 points) and 12.2 (3 points).",
    },
    {
      zh: "第21项第(1)条含两句,各为(2分):“是否开展标准化提升专项行动专项检查;”与“是否对检查进行汇总形成台账。”。拆为21.1a和21.1b,第(2)(3)条保留原编号21.2、21.3;第21项合计2+2+2+2=8分,与表头一致。",
      en: "Item 21 criterion (1) holds two sentences of (2分) each: the special inspections, and compiling their results into a ledger. Split into 21.1a and 21.1b; criteria (2) and (3) keep their numbers as 21.2 and 21.3. Item 21 adds up to 2+2+2+2 = 8, as its header says.",
    },
    {
      zh: "第23项唯一的细则在原文中编号为“(2)”,没有(1)(第22项唯一的细则编号为“(1)”,原文编号似在项目“六”内连续)。第23项细则编号取23.1,标题去掉“(2)”。",
      en: "Item 23's only criterion is numbered “(2)” in the source, with no (1) (item 22's only criterion is “(1)”; the numbering seems to run on across section 六). Its id is 23.1 and its title drops the “(2)”.",
    },
    {
      zh: "未印分值的细则:第5、6、9、13、14项的细则未单独印分值,取所在项的5分;第10项第(2)条只印“(扣满3分为止)”,取3分(等于扣分上限,也等于第10项5分减第(1)条2分);第15项第(4)条只印“(扣满2分为止)”,取2分;第15项第(1)(2)条未印分值,各取2分(等于最高扣分,且第15项10分减第(3)(4)(5)条共6分后余4分,两条各2分)。",
      en: "Criteria with no printed points: those of items 5, 6, 9, 13 and 14 take their item's 5 points; 10(2) prints only “(扣满3分为止)” and carries 3 (the cap, and item 10's 5 less 10(1)'s 2); 15(4) prints only “(扣满2分为止)” and carries 2; 15(1) and 15(2) print none and carry 2 each (their largest deduction, and item 15's 10 less the 6 of (3), (4), (5) leaves 4 for the two).",
    },
    {
      zh: "第13项原文为“低于5%,扣5分,评审达标率5%-10%,扣3分;评审达标率10%-15%,扣1分;”,未说明5%、10%、15%恰在边界时归哪一档,也未说明15%及以上不扣分。按区间含下限、不含上限理解(与“低于5%”一致):[0,5)扣5分,[5,10)扣3分,[10,15)扣1分,15%及以上不扣分;即恰为5%扣3分,恰为10%扣1分,恰为15%不扣分。",
      en: "Item 13 reads “below 5%: −5; 5%–10%: −3; 10%–15%: −1” and says neither which band owns exactly 5%, 10% or 15% nor that 15% and above loses nothing. Bands are read as lower edge included, upper edge excluded (consistent with “低于5%”, below 5%): [0,5) −5, [5,10) −3, [10,15) −1, 15% and above −0. So exactly 5% loses 3, exactly 10% loses 1, exactly 15% loses nothing.",
    },
    {
      zh: "第15项第(1)(2)条“信息采集率低于95%,扣1分,低于90%,扣2分”按区间[0,90)扣2分、[90,95)扣1分理解;95%及以上不扣分,恰为90%扣1分。",
      en: "Items 15(1) and 15(2), “collection rate below 95%: −1; below 90%: −2”, are read as [0,90) −2 and [90,95) −1; 95% and above loses nothing, exactly 90% loses 1.",
    },
    {
      zh: "第15项第(5)条原文为“是否开展……运用专题培训,扣2分。(2分)”,按是否做到计2分:未开展则扣2分。",
      en: "Item 15(5) reads “whether platform training is held, 扣2分 (−2). (2分)”; it is read as a yes/no criterion worth 2: not held loses 2.",
    },
    {
      zh: "“每发现一家(1家、1处)扣1分(扣满N分为止)”按发现次数扣分、以N分为限:第5、6、9、14项(上限5分),第10项第(2)条(上限3分),第15项第(4)条(上限2分)。",
      en: "“每发现一家 (1家, 1处) 扣1分 (扣满N分为止)” is read as 1 point off per unit or place found, capped at N: items 5, 6, 9, 14 (cap 5), 10(2) (cap 3) and 15(4) (cap 2).",
    },
    {
      zh: "原文中的笔误和残句照录:第5项“全覆盖开展标准化创建创建”(“创建”重复);第3项第(1)条“是否结合实际制定安全生产标准化提升专项行动的。”(缺宾语,应为某种方案);第12项表头为“培植”,细则为“培育”;第14项“(扣满5分为止)。”的标点位置与其他项不同。",
      en: "Typos and truncations are kept as printed: item 5 “全覆盖开展标准化创建创建” (创建 doubled); 3(1) “是否结合实际制定安全生产标准化提升专项行动的。” (the object, presumably a plan, is missing); item 12's header says 培植 where its criterion says 培育; item 14 puts “(扣满5分为止)。” before the full stop, unlike the others.",
    },
    {
      zh: "各项目、各项内容的表头分值均与细则合计一致,六个项目合计100分。项目名称在原文表格中折行,已去掉折行直接连接(如“安全监管网格化”,原文分值“(31分)”“(17分)”与名称末段同在一行)。",
      en: "Every section and item header agrees with the sum of its criteria, and the six sections add up to 100. Section titles are wrapped over several lines in the source table and are joined without spaces (e.g. 安全监管网格化; “(31分)” and “(17分)” share a line with the title's last fragment).",
    },
  ],
  sections: [
    {
      id: "s1",
      title: { zh: "全域统筹标准化", en: "Area-wide coordinated standardization" },
      points: "28",
      items: [
        {
          id: "1",
          title: {
            zh: "学习贯彻市委、市政府有关标准化提升专项行动的决策部署。",
            en: "Study and carry out the municipal Party committee's and government's decisions on the standardization-improvement campaign.",
          },
          points: "2",
          criteria: [
            {
              id: "1.1",
              title: {
                zh: "是否及时组织传达学习市委、市政府有关标准化提升专项行动的目标要求,统一工作思想。",
                en: "Whether the municipal Party committee's and government's goals for the campaign are promptly relayed and studied, to unify thinking.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "2",
          title: {
            zh: "将标准化提升专项行动摆上本级安全生产重中之重的议事日程,主要领导亲自抓、分管领导具体抓。",
            en: "Put the campaign at the top of this level's work-safety agenda, with the principal leader personally in charge and the responsible leader handling it in detail.",
          },
          points: "6",
          criteria: [
            {
              id: "2.1",
              title: {
                zh: "本级党委或政府是否定期不定期研究部署标准化专项行动工作。",
                en: "Whether the Party committee or government at this level studies and plans the campaign, regularly and as needed.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "2.2",
              title: {
                zh: "本级党委或政府主要领导是否采取适当方式定期不定期督促、推动标准化提升专项行动。",
                en: "Whether the principal leader of the Party committee or government at this level urges and drives the campaign by suitable means, regularly and as needed.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "2.3",
              title: {
                zh: "本级安全生产分管领导是否定期不定期研究分析、督促落实本辖区标准化提升专项行动。",
                en: "Whether the leader responsible for work safety at this level analyses the campaign and sees it carried out in the area, regularly and as needed.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "3",
          title: {
            zh: "制定相关方案,明确分工、完成时限、工作措施和具体要求等。",
            en: "Draw up a plan setting out the division of work, deadlines, measures and specific requirements.",
          },
          points: "4",
          criteria: [
            {
              id: "3.1",
              title: {
                zh: "是否结合实际制定安全生产标准化提升专项行动的。",
                en: "Whether a [plan] for the work-safety standardization-improvement campaign is drawn up to fit local circumstances (the source sentence is truncated).",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "3.2",
              title: {
                zh: "是否结合实际制定乡镇(街道)各部门职责任务清单,明确责任分工、完成时限。",
                en: "Whether task lists for each town (subdistrict) department are drawn up, setting responsibilities and deadlines.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "4",
          title: {
            zh: "召开专题会或现场会,全面部署标准化提升专项行动各项工作。",
            en: "Hold a dedicated or on-site meeting to lay out all the campaign's work.",
          },
          points: "2",
          criteria: [
            {
              id: "4.1",
              title: {
                zh: "是否召开安全生产标准化提升专项行动专题会或现场会。",
                en: "Whether a dedicated or on-site meeting on the campaign has been held.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "5",
          title: { zh: "全覆盖开展标准化创建创建。", en: "Cover every enterprise in standardization establishment." },
          points: "5",
          criteria: [
            {
              id: "5.1",
              title: {
                zh: "辖区企业是否全覆盖开展标准化创建的,每发现一家扣1分。(扣满5分为止)",
                en: "Whether every enterprise in the area is establishing standardization; 1 point off per enterprise found not to be (up to 5 points).",
              },
              points: "5",
              rule: { type: "per-occurrence", deduction: "1", cap: "5" },
              prefill: "standardization-coverage",
            },
          ],
        },
        {
          id: "6",
          title: { zh: "落实全员安全生产责任制。", en: "Put the all-staff work-safety responsibility system into effect." },
          points: "5",
          criteria: [
            {
              id: "6.1",
              title: {
                zh: "辖区企业是否全覆盖建立全员责任制及其考核清单,每发现一家扣1分。(扣满5分为止)",
                en: "Whether every enterprise in the area has an all-staff responsibility system and its appraisal list; 1 point off per enterprise found without (up to 5 points).",
              },
              points: "5",
              rule: { type: "per-occurrence", deduction: "1", cap: "5" },
              prefill: "responsibility-coverage",
            },
          ],
        },
        {
          id: "7",
          title: { zh: "总结典型经验做法。", en: "Sum up typical experience." },
          points: "4",
          criteria: [
            {
              id: "7.1",
              title: {
                zh: "是否形成乡镇(街道、园区)典型经验做法文字汇报材料;",
                en: "Whether a written report on the town's (subdistrict's, park's) typical experience is produced.",
              },
              points: "3",
              rule: { type: "yes-no" },
            },
            {
              id: "7.2",
              title: { zh: "形成PPT汇报材料。", en: "A PPT presentation of it is produced." },
              points: "1",
              rule: { type: "yes-no" },
            },
          ],
        },
      ],
    },
    {
      id: "s2",
      title: { zh: "安全监管网格化", en: "Grid-based safety supervision" },
      points: "31",
      items: [
        {
          id: "8",
          title: { zh: "建立网格员队伍。", en: "Build a team of grid officers." },
          points: "2",
          criteria: [
            {
              id: "8.1",
              title: {
                zh: "是否建立专兼职安全生产网格员队伍。",
                en: "Whether a team of full- or part-time work-safety grid officers is set up.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "9",
          title: { zh: "传达学习标准化相关文件精神。", en: "Relay and study the standardization documents." },
          points: "5",
          criteria: [
            {
              id: "9.1",
              title: {
                zh: "是否按要求及时将有关标准化提升专项行动文件精神传达到辖区所有生产经营单位的,每发现1家未传达到位的扣1分。(扣满5分为止)",
                en: "Whether the campaign documents are promptly relayed to every production and business unit in the area as required; 1 point off per unit found not reached (up to 5 points).",
              },
              points: "5",
              rule: { type: "per-occurrence", deduction: "1", cap: "5" },
            },
          ],
        },
        {
          id: "10",
          title: { zh: "按要求划分“三类企业”。", en: "Sort enterprises into the “three categories” as required." },
          points: "5",
          criteria: [
            {
              id: "10.1",
              title: {
                zh: "是否完成各类生产经营单位底数再摸排任务,并划分规模以上、中等、小微等3个类型。",
                en: "Whether the recount of all production and business units is complete and they are sorted into three types: above designated size, medium, and small or micro.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "10.2",
              title: {
                zh: "是否建立乡镇(街道、园区)生产经营单位的底数台账及创建提升情况,每发现1处扣1分。(扣满3分为止)",
                en: "Whether the town (subdistrict, park) keeps a ledger of its production and business units and their establishment and improvement; 1 point off per gap found (up to 3 points).",
              },
              points: "3",
              rule: { type: "per-occurrence", deduction: "1", cap: "3" },
            },
          ],
        },
        {
          id: "11",
          title: { zh: "摸清“九小场所”底数。", en: "Count the “nine small venues”." },
          points: "4",
          criteria: [
            {
              id: "11.1",
              title: {
                zh: "是否完成本辖区“九小场所”[含小型学校幼儿园(校外培训机构)、小型医疗机构、小商店、小餐饮、小旅馆、小歌舞娱乐、小网吧、小美容洗浴、小生产加工企业]底数排查。",
                en: "Whether the area's “nine small venues” [small schools and kindergartens (off-campus tutoring), small clinics, shops, eateries, hotels, karaoke and dance venues, internet cafés, beauty and bath venues, small manufacturing and processing firms] have been counted.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "11.2",
              title: {
                zh: "是否建立“九小场所”的底数台账及创建提升情况。",
                en: "Whether a ledger of the “nine small venues” and their establishment and improvement is kept.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "12",
          title: { zh: "培植一批标杆企业。", en: "Cultivate a group of model enterprises." },
          points: "5",
          criteria: [
            {
              id: "12.1",
              title: {
                zh: "是否培育一批标准化运行良好、安全管理规范、员工素质好的企业;",
                en: "Whether a group of enterprises with well-run standardization, sound safety management and well-qualified staff is cultivated.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "12.2",
              title: {
                zh: "是否复制推广标杆企业典型经验,开展观摩调度推进会。",
                en: "Whether the model enterprises' experience is replicated and spread, with on-site observation and progress meetings.",
              },
              points: "3",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "13",
          title: { zh: "提升企业评审达标率。", en: "Raise the enterprises' review pass rate." },
          points: "5",
          criteria: [
            {
              id: "13.1",
              title: {
                zh: "辖区所有企业评审达标率低于5%,扣5分,评审达标率5%-10%,扣3分;评审达标率10%-15%,扣1分;",
                en: "Review pass rate of all enterprises in the area: below 5%, 5 points off; 5%–10%, 3 points off; 10%–15%, 1 point off.",
              },
              points: "5",
              rule: {
                type: "rate-bands",
                bands: [
                  { from: "0", to: "5", deduction: "5" },
                  { from: "5", to: "10", deduction: "3" },
                  { from: "10", to: "15", deduction: "1" },
                ],
              },
              prefill: "standardization-pass-rate",
            },
          ],
        },
        {
          id: "14",
          title: { zh: "全覆盖实施星级管理。", en: "Cover every enterprise with star-rating management." },
          points: "5",
          criteria: [
            {
              id: "14.1",
              title: {
                zh: "辖区所有企业是否开展星级评定工作的,每发现一家扣1分(扣满5分为止)。",
                en: "Whether every enterprise in the area takes part in star rating; 1 point off per enterprise found not to (up to 5 points).",
              },
              points: "5",
              rule: { type: "per-occurrence", deduction: "1", cap: "5" },
              prefill: "star-rating-coverage",
            },
          ],
        },
      ],
    },
    {
      id: "s3",
      title: { zh: "预警预测信息化", en: "Digital early warning and forecasting" },
      points: "10",
      items: [
        {
          id: "15",
          title: { zh: "运用信息化系统。", en: "Use the information systems." },
          points: "10",
          criteria: [
            {
              id: "15.1",
              title: {
                zh: "是否督促本辖区所有生产经营单位纳入“泉州市安全生产标准化智慧管理平台”,并做好信息采集录入;信息采集率低于95%,扣1分,低于90%,扣2分。",
                en: "Whether every production and business unit in the area is brought onto the “Quanzhou work-safety standardization smart management platform” with its information collected and entered; collection rate below 95%, 1 point off; below 90%, 2 points off.",
              },
              points: "2",
              rule: {
                type: "rate-bands",
                bands: [
                  { from: "0", to: "90", deduction: "2" },
                  { from: "90", to: "95", deduction: "1" },
                ],
              },
              prefill: "enterprise-collection-rate",
            },
            {
              id: "15.2",
              title: {
                zh: "是否督促本辖区“九小场所”纳入“泉州市安全生产标准化智慧管理平台”,并做好信息采集录入;信息采集率低于95%,扣1分,低于90%,扣2分。",
                en: "Whether the area's “nine small venues” are brought onto the “Quanzhou work-safety standardization smart management platform” with their information collected and entered; collection rate below 95%, 1 point off; below 90%, 2 points off.",
              },
              points: "2",
              rule: {
                type: "rate-bands",
                bands: [
                  { from: "0", to: "90", deduction: "2" },
                  { from: "90", to: "95", deduction: "1" },
                ],
              },
              prefill: "venue-collection-rate",
            },
            {
              id: "15.3",
              title: {
                zh: "是否督促指导企事业单位将隐患排查治理情况录入泉州市安全生产标准化智慧管理平台,并按期完成整改。",
                en: "Whether enterprises and institutions are urged and guided to enter their hazard search and remediation in the Quanzhou platform and to finish rectification on time.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "15.4",
              title: {
                zh: "是否组织辖区企事业单位将安全生产标准化创建情况录入治本攻坚三年行动系统,每发现1家未报送的扣1分。(扣满2分为止)",
                en: "Whether enterprises and institutions in the area enter their standardization establishment in the three-year root-cause campaign system; 1 point off per unit found not reporting (up to 2 points).",
              },
              points: "2",
              rule: { type: "per-occurrence", deduction: "1", cap: "2" },
            },
            {
              id: "15.5",
              title: {
                zh: "是否开展“泉州市安全生产标准化智慧管理平台”运用专题培训,扣2分。",
                en: "Whether training on using the “Quanzhou work-safety standardization smart management platform” is held; 2 points off if not.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
      ],
    },
    {
      id: "s4",
      title: { zh: "双重预防常态化", en: "Routine dual prevention" },
      points: "17",
      items: [
        {
          id: "16",
          title: { zh: "建立风险分级管控机制。", en: "Set up graded risk control." },
          points: "2",
          criteria: [
            {
              id: "16.1",
              title: {
                zh: "是否完成整体安全风险评估并实行“红橙黄蓝”安全风险动态监管。",
                en: "Whether an overall safety-risk assessment is complete and “red-orange-yellow-blue” dynamic risk supervision applied.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "17",
          title: { zh: "建立隐患排查机制。", en: "Set up hazard search." },
          points: "5",
          criteria: [
            {
              id: "17.1",
              title: {
                zh: "是否将重大事故隐患判定标准作为安全检查清单的重点,查缺补漏更新检查清单。",
                en: "Whether the criteria for major accident hazards are the focus of the safety inspection lists, with gaps filled and the lists updated.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "17.2",
              title: {
                zh: "是否运用“三张清单”,对辖区生产经营单位开展检查,建立隐患清单、整改清单,形成闭环管理。",
                en: "Whether the “three lists” are used to inspect the area's production and business units, with hazard and rectification lists kept in a closed loop.",
              },
              points: "3",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "18",
          title: { zh: "开展专题培训。", en: "Hold dedicated training." },
          points: "6",
          criteria: [
            {
              id: "18.1",
              title: {
                zh: "是否根据本辖区实际制定标准化提升行动专题教育培训计划。",
                en: "Whether a training plan for the campaign is drawn up to fit the area.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "18.2",
              title: {
                zh: "是否组织本辖区领导干部、安全监管人员、基层网格员、辅导专家和企业主要负责人、安全生产管理员系统学习标准化提升业务知识。",
                en: "Whether the area's leading officials, safety supervisors, grid officers, advising experts and enterprises' principal persons in charge and safety managers study standardization improvement systematically.",
              },
              points: "4",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "19",
          title: { zh: "开展宣传教育。", en: "Carry out publicity and education." },
          points: "4",
          criteria: [
            {
              id: "19.1",
              title: {
                zh: "是否广泛宣传标准化提升典型经验、工作动态和标准规范等相关知识的。",
                en: "Whether typical experience, progress and the standards of standardization improvement are widely publicized.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "19.2",
              title: {
                zh: "是否制定本辖区标准化提升专项行动宣传工作方案。",
                en: "Whether a publicity plan for the campaign in the area is drawn up.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
      ],
    },
    {
      id: "s5",
      title: { zh: "技术服务规范化", en: "Standardized technical services" },
      points: "10",
      items: [
        {
          id: "20",
          title: {
            zh: "发挥安全生产专家或行业领域主管(监管)部门优势。",
            en: "Draw on work-safety experts and the sector's competent (supervisory) departments.",
          },
          points: "2",
          criteria: [
            {
              id: "20.1",
              title: {
                zh: "是否邀请安全生产专家、专业技术服务机构或行业领域主管(监管)部门业务骨干,参与辖区企业标准化提升。",
                en: "Whether work-safety experts, technical service agencies or specialists of the sector's competent (supervisory) departments are invited to help the area's enterprises improve standardization.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "21",
          title: { zh: "实施专项帮扶推动。", en: "Carry out targeted assistance." },
          points: "8",
          criteria: [
            {
              id: "21.1a",
              title: {
                zh: "是否开展标准化提升专项行动专项检查;",
                en: "Whether special inspections for the campaign are carried out.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "21.1b",
              title: { zh: "是否对检查进行汇总形成台账。", en: "Whether the inspections are compiled into a ledger." },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "21.2",
              title: {
                zh: "是否对帮扶检查发现的隐患问题落实整改。",
                en: "Whether hazards found in assistance inspections are rectified.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "21.3",
              title: {
                zh: "是否对帮扶检查发现的安全生产违法行为进行处罚或上报有关部门处罚。",
                en: "Whether work-safety violations found in assistance inspections are penalized, or reported to the competent department for penalty.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
      ],
    },
    {
      id: "s6",
      title: { zh: "约束激励差异化", en: "Differentiated constraints and incentives" },
      points: "4",
      items: [
        {
          id: "22",
          title: { zh: "差异化监管。", en: "Differentiated supervision." },
          points: "2",
          criteria: [
            {
              id: "22.1",
              title: {
                zh: "是否对不予评定星级的企业或未落实全员安全生产责任制、存在“纸上标准化”、假创建的企业等作为重点检查对象。",
                en: "Whether enterprises refused a star rating, without an all-staff responsibility system, with “paper-only standardization” or sham establishment are made priority inspection targets.",
              },
              points: "2",
              rule: { type: "yes-no" },
              prefill: "supervision-targets",
            },
          ],
        },
        {
          id: "23",
          title: { zh: "激励措施。", en: "Incentives." },
          points: "2",
          criteria: [
            {
              id: "23.1",
              title: {
                zh: "是否落实标准化提升专项行动激励措施的。",
                en: "Whether the campaign's incentive measures are put into effect.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
      ],
    },
  ],
} satisfies z.input<typeof RubricDefinitionSchema>;
