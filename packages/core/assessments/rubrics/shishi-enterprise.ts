// 生产经营单位安全生产标准化提质增效督导帮扶行动细则: 附件3 of 石狮市安全生产委员会办公室's 2024 plan
// 《石狮市开展重点镇安全生产标准化提质增效督导帮扶行动实施方案》(2024-11-04), the 100-point table for enterprises.
// The Chinese text (zh) is verbatim from the source, minus the leading numbering and the trailing "(N分)";
// the English (en) is ours. Where the source is inconsistent or silent, `notes` says how it was read.
import type { z } from "zod";
import type { RubricDefinitionSchema } from "#core/assessments/rubric";

export const shishiEnterpriseRubric = {
  title: {
    zh: "生产经营单位安全生产标准化提质增效督导帮扶行动细则",
    en: "Supervision and assistance rules for raising the quality of work-safety standardization: production and business units",
  },
  kind: "scored",
  target: "enterprise",
  totalPoints: "100",
  passScore: "60",
  source: "石狮市安全生产委员会办公室《石狮市开展重点镇安全生产标准化提质增效督导帮扶行动实施方案》, 2024-11-04, 附件3",
  notes: [
    {
      zh: "第16项(建立队伍、配备应急物资)和第17项(制定应急预案、开展应急演练)的表头均印为“(2分)”,但两项各有两条细则,各为2分,合计4分。项目“九、应急管理”印为(10分),正好等于细则合计4+4+2;若按表头计,仅2+2+2=6分,全表也凑不足100分。因此第16、17项各按4分计,表头的“(2分)”视为印误。",
      en: "Items 16 (teams and emergency supplies) and 17 (emergency plans and drills) each print “(2分)” in their header, but each has two criteria of 2 points, 4 in all. Section 九 (emergency management) prints (10分), which equals the criteria sums 4+4+2; the headers would give only 2+2+2 = 6 and the table would not reach 100. Items 16 and 17 therefore carry 4 points each; the header “(2分)” is taken as a misprint.",
    },
    {
      zh: "第6项第(2)条只写“每缺失一年扣1分。(扣满2分为止)”,未印分值。第6项为3分,第(1)条为1分,故第(2)条按2分计(与扣分上限一致),规则为每缺失一年扣1分、扣满2分为止。",
      en: "Item 6 criterion (2) prints only “每缺失一年扣1分。(扣满2分为止)” (1 point per missing year, up to 2) and no points. Item 6 is worth 3 and criterion (1) is worth 1, so criterion (2) carries 2 points, equal to the cap; rule: 1 point per missing year, capped at 2.",
    },
    {
      zh: "第19项第(1)条同样只写“每缺失一年扣1分。(扣满2分为止)”,未印分值。第19项为6分,第(2)(3)(4)条合计1+1+2=4分,故第(1)条按2分计(与扣分上限一致)。",
      en: "Item 19 criterion (1) likewise prints only “每缺失一年扣1分。(扣满2分为止)” and no points. Item 19 is worth 6 and criteria (2), (3), (4) add up to 1+1+2 = 4, so criterion (1) carries 2 points, equal to the cap.",
    },
    {
      zh: "第14项第(1)条(现场“5S”管理,10分)原文未规定扣分办法,按评审人员在0至10分之间以0.5分为步长评定。",
      en: "Item 14 criterion (1) (on-site 5S management, 10 points) gives no deduction rule; the assessor grades it between 0 and 10 in steps of 0.5.",
    },
    {
      zh: "第14项第(2)条与第15项第(6)条都检查危险性较大的作业是否严格履行作业许可审批手续,分属“七、现场“5S”管理”与“八、“六有”可视化标识”。按原文两条均保留,同一问题可能在两处被扣分。",
      en: "Item 14 criterion (2) and item 15 criterion (6) both check that permits are obtained for hazardous work, in sections 七 (5S) and 八 (six visual signs). Both are kept as printed, so the same shortcoming may lose points in both places.",
    },
    {
      zh: "其余各项目、各项内容的表头分值均与其细则合计一致,十个项目合计100分。第19、20项的分值在原文中另起一行(“(6分)”“(4分)”);项目名称在原文表格中折行,已去掉折行直接连接(如“机构和职责”““三张清单””“现场“5S”管理”)。",
      en: "Every other section and item header agrees with the sum of its criteria, and the ten sections add up to 100. Items 19 and 20 print their points on a line of their own (“(6分)”, “(4分)”); section titles are wrapped over several lines in the source table and are joined without spaces (e.g. 机构和职责, “三张清单”, 现场“5S”管理).",
    },
    {
      zh: "除上述情况外,其余细则均为“是否……”,按是否做到给满分或0分。",
      en: "Apart from the above, every criterion is a “是否…” (whether …) question, scored full points or 0.",
    },
    {
      zh: "附件3未规定达标分数线。本细则取60分:经核实的评估总得分不低于60分即为评审达标,据此计算附件4第13项的企业评审达标率;60分与细则库中石狮星级评定方案的一星(“安全生产标准化创建达到基本要求”)一致,为我方取值,租户可复制本细则后另行设定。",
      en: "附件3 sets no pass line. This rubric takes 60: a verified assessment totalling at least 60 passes review (评审达标), which is what 附件4 item 13's enterprise pass rate counts. 60 matches one star of the library's Shishi star scheme (standardization meets the basic requirements); it is our choice, and a tenant copies the rubric to set its own.",
    },
  ],
  sections: [
    {
      id: "s1",
      title: { zh: "目标", en: "Objectives" },
      points: "4",
      items: [
        {
          id: "1",
          title: { zh: "制定标准化创建、运行、提升计划。", en: "Draw up a plan to establish, run and improve standardization." },
          points: "2",
          criteria: [
            {
              id: "1.1",
              title: {
                zh: "是否结合本单位实际制定本单位标准化创建、运行、提升计划。",
                en: "Whether the unit has drawn up its own plan to establish, run and improve standardization, fitted to its circumstances.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "2",
          title: { zh: "建立并完善全员安全生产主体责任制。", en: "Establish and refine the all-staff work-safety responsibility system." },
          points: "2",
          criteria: [
            {
              id: "2.1",
              title: {
                zh: "是否依法建立全员安全生产责任制及其考核标准清单,并开展考核。",
                en: "Whether an all-staff work-safety responsibility system and its list of appraisal standards are set up as the law requires, and appraisals carried out.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
      ],
    },
    {
      id: "s2",
      title: { zh: "机构和职责", en: "Organization and responsibilities" },
      points: "7",
      items: [
        {
          id: "3",
          title: {
            zh: "健全安全管理机构,配强安全管理人员。",
            en: "Build a sound safety-management body and staff it with capable safety managers.",
          },
          points: "3",
          criteria: [
            {
              id: "3.1",
              title: {
                zh: "是否依法设置独立的安全生产管理部门或配备专兼职安全生产管理人员。",
                en: "Whether an independent work-safety department is set up, or full- or part-time safety managers appointed, as the law requires.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "3.2",
              title: {
                zh: "企业主要负责人和安全管理人员是否具备一定的安全生产知识和管理能力。",
                en: "Whether the principal person in charge and the safety managers have adequate work-safety knowledge and management ability.",
              },
              points: "1",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "4",
          title: { zh: "加强第三方的安全管理。", en: "Strengthen safety management of third parties." },
          points: "2",
          criteria: [
            {
              id: "4.1",
              title: {
                zh: "是否加强承包方、承租方的安全管理,签订安全管理协议。",
                en: "Whether safety management of contractors and lessees is strengthened and safety-management agreements signed.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "5",
          title: { zh: "自查证照、证书,制定年检计划。", en: "Self-check licences and certificates and draw up an annual inspection plan." },
          points: "2",
          criteria: [
            {
              id: "5.1",
              title: {
                zh: "是否组织生产经营证照(包括但不限于工商营业执照、安全生产许可证照)、三项岗位人员(主要负责人、安全管理人员、特种作业人员)安全生产资质证书、设备设施(包括但不限于特种设备、仪表仪器、防雷)检测检验等自查,并列出相应年检计划。",
                en: "Whether business licences (including but not limited to the business licence and the work-safety permit), the safety qualification certificates of the three key roles (principal person in charge, safety managers, special-operation workers) and the testing and inspection of equipment and facilities (including but not limited to special equipment, instruments and lightning protection) are self-checked, with a matching annual inspection plan.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
      ],
    },
    {
      id: "s3",
      title: { zh: "规章制度", en: "Rules and regulations" },
      points: "3",
      items: [
        {
          id: "6",
          title: { zh: "辨识标准化提升对标标准。", en: "Identify the standard to benchmark standardization improvement against." },
          points: "3",
          criteria: [
            {
              id: "6.1",
              title: {
                zh: "是否按照我市划分“三类企业”标准识别本单位归属标准化提升类型。",
                en: "Whether the unit has identified its standardization-improvement type under the city's “three categories of enterprise” criteria.",
              },
              points: "1",
              rule: { type: "yes-no" },
            },
            {
              id: "6.2",
              title: {
                zh: "是否按照创建标准开展自评打分,每缺失一年扣1分。(扣满2分为止)",
                en: "Whether self-assessment scoring is done against the establishment standard; 1 point off per missing year (up to 2 points).",
              },
              points: "2",
              rule: { type: "per-missing-year", deduction: "1", cap: "2" },
            },
          ],
        },
      ],
    },
    {
      id: "s4",
      title: { zh: "教育培训", en: "Education and training" },
      points: "6",
      items: [
        {
          id: "7",
          title: { zh: "开展日常安全教育培训。", en: "Carry out routine safety education and training." },
          points: "3",
          criteria: [
            {
              id: "7.1",
              title: {
                zh: "是否开展安全生产“三级”教育培训。",
                en: "Whether “three-level” work-safety education and training is carried out.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "7.2",
              title: {
                zh: "主要负责人、安全管理人员、特种作业人员是否持证上岗。",
                en: "Whether the principal person in charge, safety managers and special-operation workers hold valid certificates for their posts.",
              },
              points: "1",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "8",
          title: {
            zh: "开展全员标准化提升宣传教育培训。",
            en: "Carry out all-staff publicity, education and training on standardization improvement.",
          },
          points: "3",
          criteria: [
            {
              id: "8.1",
              title: {
                zh: "是否组织开展全员参与的标准化提升专项行动专题培训。",
                en: "Whether all-staff training on the standardization-improvement campaign is organized.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "8.2",
              title: {
                zh: "是否结合本单位实际开展标准化提升专项行动宣传。",
                en: "Whether the standardization-improvement campaign is publicized in a way fitted to the unit.",
              },
              points: "1",
              rule: { type: "yes-no" },
            },
          ],
        },
      ],
    },
    {
      id: "s5",
      title: { zh: "“三张清单”", en: "The “three lists”" },
      points: "15",
      items: [
        {
          id: "9",
          title: { zh: "编制安全检查清单。", en: "Compile the safety inspection list." },
          points: "6",
          criteria: [
            {
              id: "9.1",
              title: {
                zh: "是否结合实际编制本单位安全检查清单,明确各层级检查责任、检查频率和整改要求。",
                en: "Whether the unit's safety inspection list is compiled to fit its circumstances, setting inspection duties, frequencies and rectification requirements at every level.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "9.2",
              title: {
                zh: "是否将本单位安全检查清单细化分解形成车间(部门)安全检查表册,明确各层级检查责任、检查频率和整改要求。",
                en: "Whether the unit's list is broken down into workshop (department) safety inspection forms, setting inspection duties, frequencies and rectification requirements at every level.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "9.3",
              title: {
                zh: "是否将本单位安全检查清单细化分解形成岗位(班组)安全检查卡片,明确各层级检查责任、检查频率和整改要求。",
                en: "Whether the unit's list is broken down into post (team) safety inspection cards, setting inspection duties, frequencies and rectification requirements at every level.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "10",
          title: { zh: "形成隐患清单。", en: "Produce the hazard list." },
          points: "5",
          criteria: [
            {
              id: "10.1",
              title: {
                zh: "是否对照本单位安全检查清单、车间(部门)安全检查表册、岗位(班组)安全检查卡片开展隐患排查。",
                en: "Whether hazards are searched for against the unit's safety inspection list, workshop (department) forms and post (team) cards.",
              },
              points: "3",
              rule: { type: "yes-no" },
            },
            {
              id: "10.2",
              title: {
                zh: "排查隐患是否逐级建立隐患清单。",
                en: "Whether the hazards found are recorded in hazard lists level by level.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "11",
          title: { zh: "制定整改清单。", en: "Draw up the rectification list." },
          points: "4",
          criteria: [
            {
              id: "11.1",
              title: {
                zh: "对排查的隐患是否建立整改清单。",
                en: "Whether a rectification list is drawn up for the hazards found.",
              },
              points: "3",
              rule: { type: "yes-no" },
            },
            {
              id: "11.2",
              title: {
                zh: "是否及时整改到位,闭环管理,动态清零。",
                en: "Whether hazards are rectified fully and promptly, with closed-loop management, and cleared as they arise.",
              },
              points: "1",
              rule: { type: "yes-no" },
            },
          ],
        },
      ],
    },
    {
      id: "s6",
      title: { zh: "“四色”安全风险分级管控", en: "“Four-colour” graded safety-risk control" },
      points: "15",
      items: [
        {
          id: "12",
          title: { zh: "辨识评估安全风险。", en: "Identify and assess safety risks." },
          points: "5",
          criteria: [
            {
              id: "12.1",
              title: { zh: "是否开展安全风险辨识。", en: "Whether safety risks are identified." },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "12.2",
              title: { zh: "是否编制安全风险点册。", en: "Whether a register of safety-risk points is compiled." },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "12.3",
              title: { zh: "是否确定企业的整体风险等级。", en: "Whether the enterprise's overall risk level is determined." },
              points: "1",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "13",
          title: {
            zh: "绘制“四色”安全风险空间分布图,实施安全风险公告。",
            en: "Draw the “four-colour” safety-risk distribution map and post safety-risk notices.",
          },
          points: "10",
          criteria: [
            {
              id: "13.1",
              title: {
                zh: "是否绘制本单位及各风险评估单元的“四色”安全风险空间分布图。",
                en: "Whether “four-colour” safety-risk distribution maps are drawn for the unit and each risk-assessment unit.",
              },
              points: "4",
              rule: { type: "yes-no" },
            },
            {
              id: "13.2",
              title: {
                zh: "是否将本单位及各风险评估单元的“四色”安全风险空间分布图张贴在现场。",
                en: "Whether the “four-colour” safety-risk distribution maps of the unit and each risk-assessment unit are posted on site.",
              },
              points: "3",
              rule: { type: "yes-no" },
            },
            {
              id: "13.3",
              title: {
                zh: "是否实施安全风险公司(厂、矿)、车间(部门、工段、区、队)、班组(岗位)“三级”警示公告。",
                en: "Whether “three-level” safety-risk warning notices are posted at company (plant, mine), workshop (department, section, area, crew) and team (post) level.",
              },
              points: "3",
              rule: { type: "yes-no" },
            },
          ],
        },
      ],
    },
    {
      id: "s7",
      title: { zh: "现场“5S”管理", en: "On-site “5S” management" },
      points: "15",
      items: [
        {
          id: "14",
          title: { zh: "实行现场“5S”管理。", en: "Apply “5S” management on site." },
          points: "15",
          criteria: [
            {
              id: "14.1",
              title: {
                zh: "生产现场、厂区建(构)筑物、消防设施、其它场所与设施是否运用“5S”实施现场管理标准化。",
                en: "Whether the production floor, plant buildings (structures), fire-fighting facilities and other places and facilities are managed to a standard using “5S”.",
              },
              points: "10",
              rule: { type: "graded", step: "0.5" },
            },
            {
              id: "14.2",
              title: {
                zh: "是否对临近高压输电线路作业、动火作业、有(受)限空间作业、临时用电作业、爆破作业、封道作业等危险性较大的作业活动,实施作业许可管理,严格履行作业许可审批手续。",
                en: "Whether hazardous work (near high-voltage lines, hot work, confined-space work, temporary power, blasting, road closures and the like) is under permit-to-work management with approvals strictly obtained.",
              },
              points: "5",
              rule: { type: "yes-no" },
            },
          ],
        },
      ],
    },
    {
      id: "s8",
      title: { zh: "“六有”可视化标识", en: "“Six-have” visual signs" },
      points: "15",
      items: [
        {
          id: "15",
          title: { zh: "完善“六有”可视化标识。", en: "Complete the “six-have” visual signs." },
          points: "15",
          criteria: [
            {
              id: "15.1",
              title: { zh: "车间地上标线是否设置到位。", en: "Whether workshop floor markings are in place." },
              points: "2.5",
              rule: { type: "yes-no" },
            },
            {
              id: "15.2",
              title: { zh: "管线流向标是否设置到位。", en: "Whether pipeline flow-direction markers are in place." },
              points: "2.5",
              rule: { type: "yes-no" },
            },
            {
              id: "15.3",
              title: { zh: "设备铭牌是否设置到位。", en: "Whether equipment nameplates are in place." },
              points: "2.5",
              rule: { type: "yes-no" },
            },
            {
              id: "15.4",
              title: { zh: "重要阀门或开关挂牌是否到位。", en: "Whether tags on important valves or switches are in place." },
              points: "2.5",
              rule: { type: "yes-no" },
            },
            {
              id: "15.5",
              title: { zh: "岗位安全警示是否到位。", en: "Whether safety warnings at posts are in place." },
              points: "2.5",
              rule: { type: "yes-no" },
            },
            {
              id: "15.6",
              title: {
                zh: "是否编制安全操作规程,危险性较大的作业是否严格履行作业许可审批手续。",
                en: "Whether safe operating procedures are written, and whether permits are strictly obtained for hazardous work.",
              },
              points: "2.5",
              rule: { type: "yes-no" },
            },
          ],
        },
      ],
    },
    {
      id: "s9",
      title: { zh: "应急管理", en: "Emergency management" },
      points: "10",
      items: [
        {
          id: "16",
          title: { zh: "建立队伍、配备应急物资。", en: "Set up response teams and provide emergency supplies." },
          points: "4",
          criteria: [
            {
              id: "16.1",
              title: { zh: "是否建立专兼职应急救援队伍。", en: "Whether a full- or part-time emergency rescue team is set up." },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "16.2",
              title: {
                zh: "是否配备必要的应急设施、设备和物资;并进行经常性检查、维护、保养,保证正常运行。",
                en: "Whether the necessary emergency facilities, equipment and supplies are provided, and regularly inspected and maintained to keep them working.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "17",
          title: { zh: "制定应急预案、开展应急演练。", en: "Draw up emergency plans and hold drills." },
          points: "4",
          criteria: [
            {
              id: "17.1",
              title: {
                zh: "是否制定生产安全事故应急救援预案。",
                en: "Whether an emergency rescue plan for production safety accidents is drawn up.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "17.2",
              title: {
                zh: "是否根据本单位的事故风险特点,组织开展应急预案演练。",
                en: "Whether emergency-plan drills are held, suited to the unit's accident risks.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "18",
          title: { zh: "开展应急处置、事故管理。", en: "Handle emergencies and manage accidents." },
          points: "2",
          criteria: [
            {
              id: "18.1",
              title: {
                zh: "是否及时查明每一起事故发生的时间、经过、原因、波及范围、人员伤亡情况及直接经济损失等,分析事故的直接、间接原因和事故责任,深入开展事故案例警示教育,同步建立健全事故档案和管理台账。",
                en: "Whether the time, course, cause, extent, casualties and direct economic loss of every accident are promptly established, its direct and indirect causes and responsibility analysed, warning education given on the case, and accident files and management records kept.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
      ],
    },
    {
      id: "s10",
      title: { zh: "标准化运行提升", en: "Running and improving standardization" },
      points: "10",
      items: [
        {
          id: "19",
          title: { zh: "持续运行标准化。", en: "Keep standardization running." },
          points: "6",
          criteria: [
            {
              id: "19.1",
              title: {
                zh: "是否对本单位标准化工作开展自评、形成自评报告,每缺失一年扣1分。(扣满2分为止)",
                en: "Whether the unit self-assesses its standardization work and writes a self-assessment report; 1 point off per missing year (up to 2 points).",
              },
              points: "2",
              rule: { type: "per-missing-year", deduction: "1", cap: "2" },
            },
            {
              id: "19.2",
              title: {
                zh: "是否及时对自评中存在的不合格项逐一整改,持续改进提升。",
                en: "Whether every nonconformity found in self-assessment is promptly corrected, with continual improvement.",
              },
              points: "1",
              rule: { type: "yes-no" },
            },
            {
              id: "19.3",
              title: {
                zh: "是否总结提炼形成企业整体创建提升过程经验做法。",
                en: "Whether the enterprise has summed up its experience of establishing and improving standardization as a whole.",
              },
              points: "1",
              rule: { type: "yes-no" },
            },
            {
              id: "19.4",
              title: {
                zh: "是否运用“泉州市安全生产标准化智慧管理平台”按时完成信息录入。",
                en: "Whether information is entered on time in the “Quanzhou work-safety standardization smart management platform”.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
          ],
        },
        {
          id: "20",
          title: { zh: "运用标准化成果。", en: "Use the results of standardization." },
          points: "4",
          criteria: [
            {
              id: "20.1",
              title: {
                zh: "是否运用标准化创建提升成果,经企业主动申请,开展安全生产星级评定工作。",
                en: "Whether, building on its standardization results and on its own application, the enterprise takes part in work-safety star rating.",
              },
              points: "2",
              rule: { type: "yes-no" },
            },
            {
              id: "20.2",
              title: {
                zh: "是否对安全生产星级评定结果进行公开公示或者授牌。",
                en: "Whether the star-rating result is publicly announced or a plaque awarded.",
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
