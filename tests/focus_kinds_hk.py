"""Hong Kong off-topic news for the focus day, in Traditional Chinese and English (tests/focus_stories.py)."""

from __future__ import annotations

from tests.focus_stories import Kind


def _hk(topic: str, zh_title: str, en_title: str, zh: list[str], en: list[str], hard: bool = False) -> Kind:
    return Kind(topic, {"zh-Hant": zh_title, "en": en_title}, {"zh-Hant": zh, "en": en}, hard)


HK_KINDS = [
    _hk("traffic", "{road}{place}段{works}實施臨時交通安排",
        "Temporary traffic arrangements on {road_en} for {works_en}",
        ["運輸署今日（{md}）宣布，為配合{works}，{road}{place}段部分行車線將由{date2}起封閉{days}日。",
         "封路期間，駕駛人士須依照現場交通標誌行駛，預計該路段於繁忙時間會較為擠塞。",
         "受影響的巴士路線共{n}條，將改經鄰近道路行駛，部分巴士站會暫停使用。",
         "運輸署呼籲駕駛人士提早出發，並留意電台及電視的交通消息。",
         "警方會在場實施交通管制，並視乎實際交通情況調整安排。",
         "市民可瀏覽運輸署網頁或使用「香港出行易」應用程式查閱最新交通情況。"],
        ["The Transport Department announced today ({md_en}) that lanes of {road_en} near {place_en} will be "
         "closed for {days} days from {date2_en} for {works_en}.",
         "Motorists should follow the traffic signs on site; congestion is expected during peak hours.",
         "{n} bus routes will be diverted to nearby roads and some bus stops will be suspended.",
         "The department appealed to motorists to set out early and to stay tuned to traffic news on radio and "
         "television.",
         "The Police will implement traffic control on site and adjust the arrangements as traffic requires.",
         "Members of the public may check the latest traffic conditions on the HKeMobility app."]),
    _hk("traffic", "{place}交通意外{n}人受傷", "{n} injured in traffic accident in {place_en}",
        ["今日{hour}時許，一輛私家車在{place}{road}與一輛輕型貨車相撞，事件中{n}人受傷，由救護車送往醫院治理。",
         "警方交通部特別調查隊正調查意外起因，呼籲目擊者致電{phone}提供資料。",
         "受事件影響，{road}往{place2}方向一度全線封閉約{mins}分鐘，交通嚴重擠塞。",
         "警方提醒駕駛人士遵守車速限制，保持安全車距。",
         "一名{age}歲男司機涉嫌危險駕駛被捕，現正扣留調查。"],
        ["At about {hour} o'clock today, a private car collided with a light goods vehicle on {road_en} in "
         "{place_en}; {n} people were injured and taken to hospital by ambulance.",
         "Officers of the Special Investigation Team of Traffic are investigating the cause and appeal to witnesses "
         "to call {phone}.",
         "All lanes of {road_en} towards {place2_en} were closed for about {mins} minutes.",
         "Police remind drivers to observe speed limits and keep a safe distance.",
         "A {age}-year-old male driver was arrested for dangerous driving and is being detained for enquiries."]),
    _hk("traffic", "{venue}一帶道路{date2}封閉 配合長跑賽事", "Road closures near {venue_en} for a running event",
        ["為配合{date2}舉行的長跑賽事，{venue}一帶多條道路將於當日早上{hour}時至中午封閉。",
         "賽事由體育總會主辦，預計約{k}名跑手參加，路線途經{place}及沿海單車徑。",
         "封路期間，來往{venue}的巴士及專線小巴將改道，乘客應預留額外交通時間。",
         "運輸署已在各受影響路段豎立告示，並會派員在現場協助疏導交通。",
         "主辦單位提醒參賽者注意天氣，並於賽前充分熱身。"],
        ["Roads near {venue_en} will be closed from {hour} am to noon on {date2_en} for a running event.",
         "About {k} runners are expected; the route passes {place_en} and the waterfront cycle track.",
         "Buses and green minibuses serving {venue_en} will be diverted; passengers should allow extra time.",
         "Notices have been put up on the affected roads and staff will help to direct traffic on site.",
         "The organiser reminds runners to mind the weather and warm up before the race."], hard=True),
    _hk("weather", "天文台發出{warning}", "Observatory issues {warning_en}",
        ["天文台今日{hour}時{minute}分發出{warning}，預料{place}一帶天氣{weather}。",
         "天文台預測，今日最高氣溫約{temp}度，市區最低氣溫約{temp2}度，相對濕度介乎百分之{hum}至九十五。",
         "天文台呼籲市民留意最新天氣報告，並避免在戶外進行劇烈活動。",
         "教育局表示，學校會按照既定指引作出安排，家長應留意學校通知。",
         "民政事務總署已開放{n}個臨時庇護中心，供有需要人士使用。",
         "渠務署已加強巡查，清理容易淤塞的排水口。"],
        ["The Observatory issued the {warning_en} at {hour}:{minute} today; weather in {place_en} is expected to "
         "be {weather_en}.",
         "The maximum temperature today will be about {temp} degrees and the minimum about {temp2} degrees.",
         "Members of the public should pay attention to the latest weather reports and avoid strenuous outdoor "
         "activities.",
         "The Education Bureau said schools would follow the established guidelines.",
         "The Home Affairs Department has opened {n} temporary shelters for those in need.",
         "The Drainage Services Department has stepped up inspections of blocked drains."]),
    _hk("weather", "空氣質素健康指數{place}錄得{aqhi}級", "Air Quality Health Index at {aqhi} in {place_en}",
        ["環境保護署表示，今日{hour}時{place}一般監測站錄得的空氣質素健康指數達{aqhi}級，健康風險屬高。",
         "環保署預測，受區域性煙霾影響，未來一兩日空氣污染水平會維持偏高。",
         "心臟病或呼吸系統疾病患者應減少體力消耗及戶外活動時間。",
         "市民可瀏覽環保署網頁查閱各監測站的最新數據。",
         "衞生署提醒長者及兒童在污染嚴重時應盡量留在室內。"],
        ["The Environmental Protection Department said the Air Quality Health Index at the {place_en} general "
         "station reached {aqhi} at {hour} o'clock today, a high health risk.",
         "Pollution is expected to stay high in the next day or two under regional smog.",
         "People with heart or respiratory illnesses should reduce physical exertion outdoors.",
         "The latest readings of every station are on the department's website.",
         "The Department of Health reminds the elderly and children to stay indoors when pollution is serious."]),
    _hk("health", "衞生防護中心調查{disease}個案", "CHP investigates {disease_en} case(s)",
        ["衞生署衞生防護中心今日（{md}）正調查{n}宗{disease}個案，呼籲市民注意個人及環境衞生。",
         "個案涉及{n}名年齡介乎{age}至{age2}歲的人士，他們曾出現發燒、嘔吐及腹瀉等病徵。",
         "患者已接受治療，情況穩定，毋須留院。",
         "中心正追查感染源頭，並已通知食物環境衞生署跟進{place}一間食肆的衞生情況。",
         "中心發言人提醒市民進食前要洗手，避免進食未經徹底煮熟的食物。",
         "如出現相關病徵，應盡快求醫。"],
        ["The Centre for Health Protection (CHP) of the Department of Health is today ({md_en}) investigating "
         "{n} case(s) of {disease_en} and urged the public to observe personal and environmental hygiene.",
         "The cases involve {n} persons aged {age} to {age2} who developed fever, vomiting and diarrhoea.",
         "The patients received treatment and are in stable condition; none required hospitalisation.",
         "The CHP is tracing the source and has informed the Food and Environmental Hygiene Department about a "
         "restaurant in {place_en}.",
         "A spokesman reminded the public to wash hands before meals and avoid undercooked food.",
         "Those with symptoms should seek medical advice promptly."]),
    _hk("health", "醫管局公布{hospital}醫療事故", "Hospital Authority reports incident at {hospital_en}",
        ["醫院管理局今日公布，{hospital}一名{age}歲病人接受治療期間發生醫療事故，院方已向病人家屬交代事件。",
         "院方已成立根本原因調查小組，並會在{weeks}星期內提交報告。",
         "醫院發言人對事件表示遺憾，並會全面檢討相關程序。",
         "事件已經通過醫管局的醫療風險警報系統呈報。",
         "病人目前情況{condition}，醫院會繼續密切監察。"],
        ["The Hospital Authority announced today an incident involving a {age}-year-old patient at "
         "{hospital_en}; the family has been informed.",
         "A root cause analysis panel has been formed and will report within {weeks} weeks.",
         "The hospital spokesperson expressed regret and said procedures would be reviewed.",
         "The incident has been reported through the Advance Incident Reporting System.",
         "The patient is in {condition_en} condition and is being closely monitored."]),
    _hk("health", "衞生署推行季節性流感疫苗接種計劃", "Seasonal influenza vaccination programme",
        ["衞生署今日宣布，季節性流感疫苗接種計劃將於{date2}起在{place}等{n}區的長者健康中心推行。",
         "計劃為合資格市民免費接種，預計今年將提供約{k}劑疫苗。",
         "衞生署呼籲長者及長期病患者盡早接種，以減低患上嚴重併發症的風險。",
         "參與計劃的私家醫生名單已上載衞生防護中心網頁。",
         "學校外展接種服務亦會於下月展開。"],
        ["The Department of Health announced today that the seasonal influenza vaccination programme will start "
         "on {date2_en} at elderly health centres in {n} districts including {place_en}.",
         "Eligible persons are vaccinated free of charge; about {k} doses will be provided this year.",
         "The elderly and people with chronic illnesses are urged to get vaccinated early.",
         "The list of participating private doctors is on the CHP website.",
         "School outreach vaccination will begin next month."]),
    _hk("courts", "{age}歲男子{offence}罪成 判監{months}個月", "Man jailed for {months} months for {offence_en}",
        ["一名{age}歲男子早前被控{offence}，今日在{court}被裁定罪名成立，判處監禁{months}個月。",
         "案情指，被告於去年{month}月在{place}干犯有關罪行，涉及款項約{amount}元。",
         "裁判官判刑時指出，被告的行為嚴重，必須判處具阻嚇性的刑罰。",
         "辯方求情時表示，被告已深感後悔，並希望早日重新做人。",
         "警方呼籲市民如發現可疑情況，應立即報警。"],
        ["A {age}-year-old man was convicted of {offence_en} at {court_en} today and sentenced to {months} months' "
         "imprisonment.",
         "The court heard that the defendant committed the offence in {place_en} last year, involving about "
         "${amount}.",
         "In sentencing, the magistrate said a deterrent sentence was necessary.",
         "In mitigation, the defence said the defendant was remorseful.",
         "Police appeal to the public to report suspicious activities."]),
    _hk("courts", "廉署落案起訴{n}人涉{offence}", "ICAC charges {n} with {offence_en}",
        ["廉政公署今日落案起訴{n}名人士，指他們涉嫌在{place}一項樓宇維修工程中{offence}。",
         "被告將於明日在{court}應訊，案件涉及款項約{amount}元。",
         "廉署調查顯示，被告涉嫌於{year}年至今期間向業主立案法團成員提供利益。",
         "廉署提醒業主在大廈維修時應提高警覺，如發現貪污應立即舉報。",
         "廉署在調查期間得到有關業主立案法團的全力協助。"],
        ["The ICAC today charged {n} persons with {offence_en} in connection with building maintenance works in "
         "{place_en}.",
         "The defendants will appear at {court_en} tomorrow; the sum involved is about ${amount}.",
         "The ICAC investigation showed advantages were allegedly offered to members of an owners' corporation "
         "since {year}.",
         "Owners are reminded to stay alert during building maintenance and to report corruption.",
         "The owners' corporation concerned rendered full assistance during the investigation."]),
    _hk("courts", "警方{place}拘捕{n}人涉{offence}", "Police arrest {n} for {offence_en} in {place_en}",
        ["警方今日在{place}採取行動，拘捕{n}名年齡介乎{age}至{age2}歲的人士，涉嫌{offence}。",
         "行動中，警方檢獲一批證物，市值約{amount}元。",
         "被捕人士現正被扣留調查，案件交由{place}警區刑事調查隊跟進。",
         "警方不排除會有更多人被捕。",
         "警方呼籲市民如有任何資料，請致電{phone}與調查人員聯絡。"],
        ["Police today arrested {n} persons aged {age} to {age2} in {place_en} for suspected {offence_en}.",
         "Exhibits worth about ${amount} were seized in the operation.",
         "The arrestees are being detained for enquiries; the case is handled by the district crime squad.",
         "Further arrests are not ruled out.",
         "Anyone with information is urged to call {phone}."]),
    _hk("culture", "康文署{venue}{date2}上演{show}", "{show_en} at {venue_en}",
        ["康樂及文化事務署將於{date2}晚上{hour}時在{venue}舉行{show}，門票現已在城市售票網發售。",
         "演出由本地藝團主理，節目長約{mins}分鐘，適合一家大小欣賞。",
         "票價分為{price}元及{price2}元，全日制學生、六十歲或以上長者及殘疾人士可享半價優惠。",
         "節目查詢可致電{phone}或瀏覽康文署網頁。",
         "主辦單位亦會於演出前舉行導賞講座，費用全免。"],
        ["The Leisure and Cultural Services Department will present a {show_en} at {venue_en} at {hour} pm on "
         "{date2_en}; tickets are available at URBTIX.",
         "The programme, by a local troupe, lasts about {mins} minutes and suits the whole family.",
         "Tickets are priced at ${price} and ${price2}; full-time students and senior citizens get half price.",
         "For enquiries, call {phone} or visit the department's website.",
         "A free pre-performance talk will be held."]),
    _hk("culture", "{venue}舉辦{show}", "{show_en} at {venue_en}", [
        "{venue}將由{date2}起舉辦{show}，展出約{n}件作品，免費入場。",
        "活動由{venue}與本地藝術團體合辦，展期約{weeks}星期。",
        "主辦單位表示，希望藉此讓市民在假日享受文化生活，親子家庭尤其適合參與。",
        "展覽期間設有導賞團及工作坊，名額有限，先到先得。",
        "查詢可致電{phone}。"],
        ["{venue_en} will hold a {show_en} from {date2_en}, showing about {n} works; admission is free.",
         "The event is co-organised with local arts groups and runs for about {weeks} weeks.",
         "The organisers hope families will enjoy a cultural weekend.",
         "Guided tours and workshops are offered on a first-come-first-served basis.",
         "Enquiries: {phone}."], hard=True),
    _hk("culture", "{place}{facility}暫停開放", "Temporary closure of {place_en} {facility_en}",
        ["康樂及文化事務署宣布，{place}{facility}因進行{works}，由{date2}起暫停開放約{weeks}星期。",
         "暫停開放期間，市民可使用鄰近的{place2}{facility}。",
         "康文署對工程為市民帶來的不便致歉。",
         "有關設施的最新開放時間可瀏覽康文署網頁。"],
        ["The Leisure and Cultural Services Department announced that {place_en} {facility_en} will be "
         "temporarily closed for about {weeks} weeks from {date2_en} for {works_en}.",
         "During the closure, members of the public may use the {facility_en} in {place2_en}.",
         "The department apologises for any inconvenience caused.",
         "Opening hours of the facilities are on the department's website."]),
    _hk("housing", "{place}住宅用地招標結果", "Tender result of residential site in {place_en}",
        ["地政總署今日公布，{place}一幅住宅用地已批予{company}，成交價約{money}億元。",
         "該幅用地面積約{area}平方米，最高可建樓面面積約{area2}平方米。",
         "政府共接獲{n}份標書，並按既定程序以最高價者得的原則批出土地。",
         "發展商須於{years}年內完成發展項目。"],
        ["The Lands Department announced today that a residential site in {place_en} has been awarded to "
         "{company_en} at about ${money} billion.",
         "The site has an area of about {area} square metres and a maximum gross floor area of {area2} square "
         "metres.",
         "The Government received {n} tenders and awarded the site to the highest bidder.",
         "The developer must complete the development within {years} years."]),
    _hk("utilities", "{place}部分地區{date2}暫停食水供應", "Temporary suspension of fresh water supply in {place_en}",
        ["水務署宣布，由於進行{works}，{place}部分地區將於{date2}晚上{hour}時至翌日早上六時暫停食水供應。",
         "受影響範圍包括{place}多條街道的住宅及商業樓宇。",
         "水務署呼籲受影響的市民預先貯存足夠食水。",
         "如有查詢，請致電水務署熱線{phone}。"],
        ["The Water Supplies Department announced that fresh water supply to some premises in {place_en} will be "
         "suspended from {hour} pm on {date2_en} to 6 am the next day for {works_en}.",
         "Residential and commercial buildings on several streets will be affected.",
         "Consumers are advised to store enough water beforehand.",
         "Enquiries: {phone}."]),
    _hk("tourism", "{month2}月訪港旅客約{visitors}萬人次", "Visitor arrivals of about {visitors_en} in month {month2}",
        ["香港旅遊發展局今日公布，{month2}月訪港旅客約{visitors}萬人次，按年上升百分之{pct}。"
         "||旅發局表示，{month2}月份共錄得約{visitors}萬人次訪港旅客，較去年同期增加百分之{pct}。",
         "內地旅客佔整體約百分之{pct2}，長途市場旅客人次亦見回升。",
         "旅發局主席表示，年底將推出一系列節慶活動，包括{venue}的燈飾展覽及美食市集。",
         "酒店入住率平均約百分之{pct2}，較上月略升。",
         "旅發局會繼續在各客源市場推廣香港的文化及美食旅遊特色。"],
        ["The Hong Kong Tourism Board announced today that visitor arrivals in month {month2} were about "
         "{visitors_en}, up {pct} per cent year on year."
         "||About {visitors_en} visitors came to Hong Kong in month {month2}, {pct} per cent more than a year "
         "earlier, the Tourism Board said.",
         "Mainland visitors made up about {pct2} per cent of the total, and long-haul arrivals also recovered.",
         "The Board's chairman said festive events, including a light show at {venue_en}, will run at year end.",
         "Average hotel occupancy was about {pct2} per cent, slightly higher than last month.",
         "The Board will keep promoting Hong Kong's culture and food in its source markets."]),
    _hk("labour", "最新失業率為百分之{rate}", "Unemployment rate at {rate} per cent",
        ["政府統計處今日公布，最新經季節性調整的失業率為百分之{rate}，就業不足率為百分之{rate2}。"
         "||統計處數字顯示，經季節性調整的失業率維持在百分之{rate}，就業不足率則為百分之{rate2}。",
         "勞工及福利局局長表示，零售、住宿及膳食服務業的失業率較上一期略為上升。",
         "總就業人數約{workers}萬人，勞動人口約{workers2}萬人。",
         "勞工處會繼續舉辦大型招聘會，協助求職人士就業。",
         "政府會密切留意勞工市場的變化。"],
        ["The seasonally adjusted unemployment rate was {rate} per cent and the underemployment rate {rate2} per "
         "cent, the Census and Statistics Department announced today."
         "||Figures released today put the seasonally adjusted unemployment rate at {rate} per cent, with "
         "underemployment at {rate2} per cent.",
         "The Secretary for Labour and Welfare said unemployment in retail, accommodation and food services rose "
         "slightly.",
         "Total employment was about {workers_en} and the labour force about {workers2_en}.",
         "The Labour Department will continue to organise large-scale job fairs.",
         "The Government will closely monitor the labour market."]),
    _hk("fire", "{place}住宅單位起火 {n}人送院", "Fire in residential flat in {place_en}, {n} sent to hospital",
        ["消防處今日{hour}時接報，{place}一座住宅大廈單位起火，消防員到場開喉灌救，約{mins}分鐘後將火救熄。"
         "||{place}一住宅單位今日{hour}時許發生火警，消防處派出{engines}輛消防車到場，火勢於約{mins}分鐘後受控。",
         "事件中{n}名住客吸入濃煙不適，由救護車送往醫院治理。",
         "消防處初步調查相信火警起因沒有可疑，起火原因有待進一步調查。",
         "大廈約{k2}名住客一度疏散，其後獲准返回單位。",
         "消防處提醒市民切勿在走廊擺放雜物，以免阻塞逃生通道。"],
        ["The Fire Services Department received a report at {hour} o'clock today of a fire in a flat in "
         "{place_en}; firemen put it out in about {mins} minutes."
         "||A fire broke out in a residential flat in {place_en} at about {hour} o'clock today; {engines} fire "
         "engines attended and the fire was under control in about {mins} minutes.",
         "{n} residents felt unwell after inhaling smoke and were taken to hospital.",
         "The department's initial investigation found nothing suspicious.",
         "About {k2} residents were evacuated and later allowed back.",
         "The department reminds the public not to block corridors and escape routes."]),
    _hk("police", "警方呼籲市民協助尋找{place}失蹤{age}歲男子", "Man aged {age} missing in {place_en}",
        ["警方今日呼籲市民協助尋找一名在{place}失蹤的{age}歲男子。"
         "||一名{age}歲男子在{place}失蹤，警方今日呼籲市民提供消息。",
         "男子於{md}早上被發現離開其住所後失去聯絡，其家人其後向警方報案。",
         "他身高約{height}米，體型瘦削，失蹤時身穿深色上衣及長褲。",
         "任何人如有關於該名男子的消息，請致電{phone}與警方聯絡。",
         "警方已聯絡醫院及社福機構，協助尋人。"],
        ["Police today appealed to the public for information on a {age}-year-old man who went missing in "
         "{place_en}."
         "||Police are looking for a {age}-year-old man missing in {place_en} and appeal for information.",
         "He left his residence on the morning of {md_en} and his family made a report to Police.",
         "He is about {height} metres tall, of thin build, and was last seen wearing dark clothes.",
         "Anyone with information is asked to call {phone}.",
         "Police have contacted hospitals and social service agencies."]),
    _hk("sport", "{place}{sport}錦標賽{date2}舉行", "{sport_en} championships in {place_en} on {date2_en}",
        ["康樂及文化事務署與{sport}總會合辦的{sport}錦標賽將於{date2}在{place}體育館舉行，約{k2}隊參賽。"
         "||一年一度的{sport}錦標賽將於{date2}在{place}舉行，主辦單位預計約{k2}支隊伍參加。",
         "比賽分為公開組、青少年組及長者組，冠軍隊伍可獲獎盃及獎金{price}元。",
         "主辦單位歡迎市民免費入場觀賽，為運動員打氣。",
         "比賽期間，場館附近的泊車位將會減少，市民宜乘搭公共交通工具前往。"],
        ["The {sport_en} championships, co-organised by the Leisure and Cultural Services Department and the "
         "sport's association, will be held in {place_en} on {date2_en}, with about {k2} teams."
         "||About {k2} teams will take part in the annual {sport_en} championships in {place_en} on {date2_en}.",
         "There are open, youth and senior divisions; the champions win a trophy and ${price}.",
         "Admission is free and spectators are welcome to cheer the athletes.",
         "Parking near the venue will be limited; public transport is advised."]),
    _hk("food", "食安中心抽驗{food}{n}個樣本不合格", "CFS finds {n} unsatisfactory samples of {food_en}",
        ["食物安全中心今日公布，早前在{place}一帶抽取的{food}樣本中，有{n}個樣本被驗出含過量防腐劑。"
         "||食安中心表示，在一項針對{food}的專題食品調查中，{n}個樣本的檢測結果不合格。",
         "中心已通知有關零售商停售及下架受影響產品，並會追查來源。",
         "中心發言人表示，以一般食用量計算，有關產品不會對健康構成不良影響。",
         "中心會繼續跟進，並視乎調查結果採取適當行動。",
         "市民購買食物時應光顧可靠的店舖。"],
        ["The Centre for Food Safety announced today that {n} samples of {food_en} collected in {place_en} "
         "contained excessive preservatives."
         "||In a targeted surveillance of {food_en}, {n} samples were found unsatisfactory, the Centre for Food "
         "Safety said today.",
         "The retailers concerned have been told to stop selling the products, and the source is being traced.",
         "A spokesman said normal consumption would not pose adverse health effects.",
         "The Centre will follow up and take appropriate action.",
         "Members of the public should buy food from reliable shops."]),
    _hk("consultation", "政府就{policy}展開公眾諮詢", "Public consultation on {policy_en}",
        ["政府今日就{policy}展開為期{weeks}星期的公眾諮詢，歡迎市民提出意見。"
         "||為期{weeks}星期的{policy}公眾諮詢今日展開，當局會舉行{n}場地區諮詢會。",
         "當局建議分階段推行有關措施，並會參考各界意見後制訂最終方案。",
         "諮詢文件已上載相關政策局網頁，市民亦可在各區民政事務處索取。",
         "當局表示，措施有助改善社區環境，提升市民生活質素。"],
        ["The Government today launched a {weeks}-week public consultation on {policy_en}."
         "||A {weeks}-week public consultation on {policy_en} began today; {n} district forums will be held.",
         "The proposed measures would be implemented in phases after views are considered.",
         "The consultation document is available online and at District Offices.",
         "The Government said the measures would improve the community environment."]),
    _hk("ceremony", "政務司司長主持{place}{facility}開幕典禮", "Chief Secretary opens {place_en} {facility_en}",
        ["政務司司長今日主持{place}新{facility}的開幕典禮，表示設施可服務區內約{k}名居民。"
         "||新落成的{place}{facility}今日開幕，政務司司長主禮時表示，政府會繼續改善地區設施。",
         "新設施樓高{floors}層，設有多用途活動室及無障礙設施。",
         "出席典禮的還有區議會主席及地區人士。",
         "設施將於下星期起開放予市民使用。"],
        ["The Chief Secretary for Administration officiated today at the opening of the new {facility_en} in "
         "{place_en}, which will serve about {k} residents."
         "||The new {place_en} {facility_en} opened today; the Chief Secretary said the Government would keep "
         "improving district facilities.",
         "The {floors}-storey building has multi-purpose rooms and barrier-free facilities.",
         "The District Council chairman and community leaders also attended.",
         "The facility opens to the public next week."]),
    _hk("welfare", "社署{date2}起發放{allowance}", "{allowance_en} payments from {date2_en}",
        ["社會福利署宣布，{allowance}將於{date2}起存入受惠人的銀行戶口，涉及約{k}名受惠人。"
         "||約{k}名受惠人的{allowance}將由{date2}起發放，社會福利署今日公布。",
         "受惠人毋須另行申請，款項會自動存入登記戶口。",
         "社署提醒市民提防騙徒，社署職員不會要求市民提供銀行密碼。",
         "查詢可致電社署熱線{phone}。"],
        ["The Social Welfare Department announced that the {allowance_en} will be paid into recipients' bank "
         "accounts from {date2_en}, covering about {k} recipients."
         "||About {k} recipients will receive the {allowance_en} from {date2_en}, the department said today.",
         "Recipients need not apply; payments go to their registered accounts.",
         "The department warns the public to beware of fraudsters asking for bank passwords.",
         "Enquiries: {phone}."]),
    _hk("environment", "{beach}泳灘水質評為{grade}", "Beach water quality at {beach_en} rated {grade_en}",
        ["環境保護署今日公布最新泳灘水質評級，{beach}泳灘的水質評為「{grade}」。"
         "||環保署最新一周的泳灘水質報告顯示，{beach}泳灘評級為「{grade}」。",
         "全港{n}個憲報公布泳灘中，大部分水質評為良好或一般。",
         "環保署提醒泳客在大雨後一至三日內避免在泳灘游泳。",
         "最新評級可瀏覽環保署網頁。"],
        ["The Environmental Protection Department announced today that water quality at {beach_en} beach was "
         "rated {grade_en}."
         "||The latest weekly report rates the water quality at {beach_en} beach as {grade_en}.",
         "Most of the {n} gazetted beaches were rated good or fair.",
         "Swimmers should avoid swimming for one to three days after heavy rain.",
         "The latest grades are on the department's website."]),
]
