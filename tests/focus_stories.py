"""Off-topic news written for the focus day (tests/focus_day.py): traffic, weather, health, courts, culture and
the rest of a government's and a newspaper's day, in the words each source uses; none of it is about science
and technology policy. Hong Kong stories come in Traditional Chinese and English (info.gov.hk publishes both),
mainland ones in Simplified Chinese. A few happen at a science park or in a cooperation zone (a road closure,
a concert), as real off-topic news does: the hard cases a relevance model must see past.

Every story is a title and paragraphs with slots; `write` fills them from pools with a seeded generator, so
two stories of one kind share their frame but little of their text (the story clusters keep them apart).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# (Traditional Chinese, English) pairs for the slots of Hong Kong stories.
DISTRICTS = [("大埔", "Tai Po"), ("沙田", "Sha Tin"), ("屯門", "Tuen Mun"), ("元朗", "Yuen Long"),
             ("觀塘", "Kwun Tong"), ("將軍澳", "Tseung Kwan O"), ("葵涌", "Kwai Chung"), ("荃灣", "Tsuen Wan"),
             ("東涌", "Tung Chung"), ("西貢", "Sai Kung"), ("灣仔", "Wan Chai"), ("深水埗", "Sham Shui Po"),
             ("黃大仙", "Wong Tai Sin"), ("上水", "Sheung Shui"), ("粉嶺", "Fanling"), ("香港仔", "Aberdeen"),
             ("柴灣", "Chai Wan"), ("油麻地", "Yau Ma Tei"), ("九龍城", "Kowloon City"), ("天水圍", "Tin Shui Wai")]
ROADS = [("吐露港公路", "Tolo Highway"), ("屯門公路", "Tuen Mun Road"), ("龍翔道", "Lung Cheung Road"),
         ("告士打道", "Gloucester Road"), ("青山公路", "Castle Peak Road"), ("大埔公路", "Tai Po Road"),
         ("彌敦道", "Nathan Road"), ("東區走廊", "Island Eastern Corridor"), ("觀塘道", "Kwun Tong Road"),
         ("荃錦公路", "Route Twisk"), ("太子道西", "Prince Edward Road West"), ("青沙公路", "Tsing Sha Highway")]
# Places whose names a science-policy reader follows, in news that is not about science policy.
HARD_VENUES = [("香港科學園", "Hong Kong Science Park"), ("數碼港", "Cyberport"),
               ("落馬洲河套區", "Lok Ma Chau Loop"), ("將軍澳創新園", "Tseung Kwan O InnoPark"),
               ("香港科學館", "Hong Kong Science Museum"), ("北部都會區", "Northern Metropolis")]
VENUES = [("香港文化中心", "Hong Kong Cultural Centre"), ("香港大會堂", "City Hall"),
          ("沙田大會堂", "Sha Tin Town Hall"), ("屯門大會堂", "Tuen Mun Town Hall"),
          ("香港中央圖書館", "Hong Kong Central Library"), ("香港藝術館", "Hong Kong Museum of Art"),
          ("香港歷史博物館", "Hong Kong Museum of History"), ("西九文化區", "West Kowloon Cultural District"),
          ("維多利亞公園", "Victoria Park"), ("荃灣大會堂", "Tsuen Wan Town Hall")]
DISEASES = [("食物中毒", "food poisoning"), ("登革熱", "dengue fever"), ("乙型流感", "influenza B"),
            ("諾如病毒", "norovirus"), ("猩紅熱", "scarlet fever"), ("退伍軍人病", "Legionnaires' disease")]
OFFENCES = [("盜竊", "theft"), ("傷人", "wounding"), ("行使虛假文書", "using a false instrument"),
            ("危險駕駛", "dangerous driving"), ("販運危險藥物", "trafficking in a dangerous drug"),
            ("洗黑錢", "money laundering"), ("詐騙", "fraud"), ("刑事毀壞", "criminal damage")]
SHOWS = [("粵劇", "Cantonese opera"), ("交響音樂會", "symphony concert"), ("攝影展覽", "photography exhibition"),
         ("書法展覽", "calligraphy exhibition"), ("兒童劇場", "children's theatre"), ("爵士音樂會", "jazz concert"),
         ("舞蹈匯演", "dance showcase"), ("電影放映", "film screening")]
FACILITIES = [("游泳池", "swimming pool"), ("體育館", "sports centre"), ("公共圖書館", "public library"),
              ("網球場", "tennis courts"), ("公園", "park"), ("社區會堂", "community hall")]
WORKS = [("水管維修", "water main repairs"), ("路面重鋪", "resurfacing works"), ("渠務工程", "drainage works"),
         ("斜坡鞏固", "slope works"), ("行人天橋改善", "footbridge improvement works")]

# Mainland places and bodies (Simplified) for Shenzhen and Guangdong stories.
SZ_DISTRICTS = ["南山区", "福田区", "罗湖区", "宝安区", "龙岗区", "龙华区", "光明区", "坪山区", "盐田区", "大鹏新区"]
GD_CITIES = ["广州", "佛山", "东莞", "惠州", "江门", "肇庆", "中山", "珠海", "汕头", "湛江", "韶关", "清远"]
SZ_ROADS = ["深南大道", "北环大道", "滨海大道", "沙河西路", "宝安大道", "龙岗大道", "布龙路", "梅观高速"]
HARD_MAINLAND = ["前海", "南沙", "横琴", "光明科学城", "河套深圳园区"]


SPORTS = [("籃球", "basketball"), ("排球", "volleyball"), ("羽毛球", "badminton"), ("乒乓球", "table tennis"),
          ("足球", "football"), ("龍舟", "dragon boat"), ("游泳", "swimming"), ("田徑", "athletics")]
FOODS = [("醃製肉類", "preserved meat"), ("蔬菜", "vegetables"), ("糕點", "pastries"), ("凍肉", "frozen meat"),
         ("海產", "seafood"), ("調味料", "condiments")]
POLICIES = [("都市固體廢物收費", "municipal solid waste charging"), ("公共停車場收費", "public car park charges"),
            ("海濱長廊規劃", "harbourfront promenade planning"), ("街市現代化", "market modernisation"),
            ("殯葬設施規劃", "funeral facilities planning"), ("公共泳池開放時間", "public pool opening hours")]
ALLOWANCES = [("高齡津貼", "Old Age Allowance"), ("長者生活津貼", "Old Age Living Allowance"),
              ("傷殘津貼", "Disability Allowance"), ("綜援", "CSSA payments")]
BEACHES = [("淺水灣", "Repulse Bay"), ("長洲東灣", "Cheung Chau Tung Wan"), ("黃金", "Golden"),
           ("銀線灣", "Silverstrand"), ("石澳", "Shek O"), ("大浪西灣", "Tai Long Sai Wan"), ("蝴蝶灣", "Butterfly")]


@dataclass(frozen=True)
class Kind:
    """One kind of story: its title and paragraphs with slots, in the languages it is published in."""

    topic: str
    title: dict[str, str]               # language -> title
    paragraphs: dict[str, list[str]]    # language -> lead first, then the paragraphs to choose from
    hard: bool = False                  # happens at a place a science-policy reader follows


@dataclass(frozen=True)
class Written:
    topic: str
    hard: bool
    title: dict[str, str]
    text: dict[str, list[str]]          # language -> paragraphs




def _money(rng: random.Random) -> str:
    return f"{rng.randint(2, 98)}.{rng.randint(1, 9)}"


def slots(rng: random.Random, when_md: tuple[int, int]) -> dict[str, str]:
    """Slot values for one story (both languages), drawn once so the twins say the same."""
    month, day = when_md
    place, place2 = rng.sample(DISTRICTS, 2)
    road, venue, hard = rng.choice(ROADS), rng.choice(VENUES), rng.choice(HARD_VENUES)
    disease, offence, show = rng.choice(DISEASES), rng.choice(OFFENCES), rng.choice(SHOWS)
    facility, works = rng.choice(FACILITIES), rng.choice(WORKS)
    later = day + rng.randint(1, 3)
    hospital = rng.choice([("瑪麗醫院", "Queen Mary Hospital"), ("威爾斯親王醫院", "Prince of Wales Hospital"),
                           ("屯門醫院", "Tuen Mun Hospital"), ("伊利沙伯醫院", "Queen Elizabeth Hospital"),
                           ("基督教聯合醫院", "United Christian Hospital")])
    court = rng.choice([("九龍城裁判法院", "Kowloon City Magistrates' Courts"),
                        ("西九龍裁判法院", "West Kowloon Magistrates' Courts"),
                        ("東區裁判法院", "Eastern Magistrates' Courts"), ("區域法院", "the District Court")])
    warning = rng.choice([("酷熱天氣警告", "Very Hot Weather Warning", "炎熱", "very hot"),
                          ("寒冷天氣警告", "Cold Weather Warning", "寒冷", "cold"),
                          ("黃色暴雨警告信號", "Amber Rainstorm Warning Signal", "有大驟雨", "heavy showers"),
                          ("強烈季候風信號", "Strong Monsoon Signal", "大風", "windy")])
    company = rng.choice([("新鴻基地產", "Sun Hung Kai Properties"), ("恒基兆業", "Henderson Land"),
                          ("新世界發展", "New World Development"), ("長江實業", "CK Asset"),
                          ("信和置業", "Sino Land")])
    a = {
        "md": f"{month}月{day}日", "md_en": f"{day} November" if month == 11 else f"{day}/{month}",
        "date2": f"{month}月{later}日", "date2_en": f"{later} November" if month == 11 else f"{later}/{month}",
        "place": place[0], "place_en": place[1], "place2": place2[0], "place2_en": place2[1],
        "road": road[0], "road_en": road[1], "venue": venue[0], "venue_en": venue[1],
        "disease": disease[0], "disease_en": disease[1], "offence": offence[0], "offence_en": offence[1],
        "show": show[0], "show_en": show[1], "facility": facility[0], "facility_en": facility[1],
        "works": works[0], "works_en": works[1], "hospital": hospital[0], "hospital_en": hospital[1],
        "court": court[0], "court_en": court[1], "warning": warning[0], "warning_en": warning[1],
        "weather": warning[2], "weather_en": warning[3], "company": company[0], "company_en": company[1],
        "condition": rng.choice(["穩定", "嚴重", "危殆"]), "condition_en": rng.choice(["stable", "serious"]),
        "n": str(rng.randint(2, 9)), "k": f"{rng.randint(2, 60) * 500:,}", "k2": str(rng.randint(5, 30)),
        "days": str(rng.randint(3, 40)), "mins": str(rng.randint(20, 120)), "hour": str(rng.randint(7, 11)),
        "minute": f"{rng.randint(0, 59):02d}", "age": str(rng.randint(18, 45)), "age2": str(rng.randint(46, 80)),
        "months": str(rng.randint(2, 36)), "month": str(rng.randint(1, 12)), "year": str(rng.randint(2015, 2023)),
        "years": str(rng.randint(2, 6)), "years2": str(rng.randint(7, 15)), "weeks": str(rng.randint(2, 8)),
        "amount": f"{rng.randint(3, 900) * 1000:,}", "phone": f"3{rng.randint(1000000, 9999999)}",
        "price": str(rng.randint(10, 30) * 10), "price2": str(rng.randint(31, 60) * 10),
        "temp": str(rng.randint(24, 34)), "temp2": str(rng.randint(12, 23)), "hum": str(rng.randint(55, 75)),
        "aqhi": str(rng.randint(7, 10)), "money": _money(rng), "area": f"{rng.randint(20, 300) * 100:,}",
        "area2": f"{rng.randint(301, 900) * 100:,}", "hours": str(rng.choice([3, 6, 12])),
        "line": str(rng.randint(1, 20)), "gap": str(rng.randint(2, 6)),
    }
    a["venue"], a["venue_en"] = (hard if rng.random() < 0.5 else venue)
    a["mdistrict"], a["mcity"], a["mroad"] = rng.choice(SZ_DISTRICTS), rng.choice(GD_CITIES), rng.choice(SZ_ROADS)
    a["hardm"] = rng.choice(HARD_MAINLAND)
    a["mworks"] = rng.choice(["地铁建设", "管线迁改", "路面大修", "桥梁检测", "综合管廊施工"])
    a["mwarning"] = rng.choice(["暴雨橙色预警信号", "台风蓝色预警信号", "高温黄色预警信号", "寒冷黄色预警信号"])
    a["mweather"] = rng.choice(["短时强降水", "雷雨大风", "持续高温", "明显降温"])
    a["mdisease"] = rng.choice(["登革热", "流感", "手足口病", "结核病"])
    a["moffence"] = rng.choice(["电信网络诈骗", "非法集资", "走私", "组织赌博", "非法经营"])
    a["mshow"] = rng.choice(["非遗文化展", "书画作品展", "摄影艺术展", "民俗文化节", "粤剧展演周"])
    a["month2"] = str(rng.randint(1, 10))
    visitors, workers = rng.randint(250, 480), rng.randint(360, 380)
    a["visitors"], a["visitors_en"] = str(visitors), f"{visitors * 10000:,}"
    a["workers"], a["workers_en"] = str(workers), f"{workers * 10000:,}"
    a["workers2"], a["workers2_en"] = str(workers + 12), f"{(workers + 12) * 10000:,}"
    a["pct"], a["pct2"] = str(rng.randint(3, 40)), str(rng.randint(55, 92))
    a["rate"], a["rate2"] = f"{rng.randint(28, 45) / 10:.1f}", f"{rng.randint(10, 25) / 10:.1f}"
    a["engines"], a["height"] = str(rng.randint(3, 12)), f"1.{rng.randint(55, 85)}"
    a["floors"] = str(rng.randint(3, 30))
    a["sport"], a["sport_en"] = rng.choice(SPORTS)
    a["food"], a["food_en"] = rng.choice(FOODS)
    a["policy"], a["policy_en"] = rng.choice(POLICIES)
    a["allowance"], a["allowance_en"] = rng.choice(ALLOWANCES)
    a["beach"], a["beach_en"] = rng.choice(BEACHES)
    a["grade"], a["grade_en"] = rng.choice([("良好", "good"), ("一般", "fair"), ("欠佳", "poor")])
    a["crop"] = rng.choice(["荔枝", "水稻", "柑橘", "龙眼", "蔬菜", "茶叶", "菠萝"])
    return a


def write(kind: Kind, rng: random.Random, when_md: tuple[int, int]) -> Written:
    """A story of this kind: one of its leads (alternatives are separated by ||) and three to five more of its
    paragraphs (as many as it has), the same ones in each of its languages."""
    values = slots(rng, when_md)
    any_language = next(iter(kind.paragraphs))
    count = len(kind.paragraphs[any_language]) - 1
    lead = rng.randrange(len(kind.paragraphs[any_language][0].split("||")))
    chosen = sorted(rng.sample(range(1, count + 1), min(count, rng.randint(3, 5))))
    rng.shuffle(chosen)  # the order of the rest varies too: less shared text between stories of one kind
    title = {lang: t.format(**values) for lang, t in kind.title.items()}
    text = {lang: [ps[0].split("||")[lead].format(**values), *(ps[i].format(**values) for i in chosen)]
            for lang, ps in kind.paragraphs.items()}
    return Written(kind.topic, kind.hard, title, text)
