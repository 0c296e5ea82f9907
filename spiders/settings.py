"""Scrapy settings for gba-watch (scrapy.cfg points here). Flat names, polite defaults."""

BOT_NAME = "gbawatch"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# Politeness: obey robots.txt, one or two requests per host at a time, adaptive delay.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
DOWNLOAD_DELAY_JITTER = 0.5  # ±50%, so requests do not tick like a clock
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Several sources (gd.gov.cn) reset connections for non-browser agents; the bot name stays visible.
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36 gba-watch/0.1"
)
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024  # a news page is < 1 MB; 8 MB leaves room for odd pages
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# The outbound guard first of all (before robots.txt, 100) and, for redirects, before Redirect (600) reads
# the Location; the charset repair after HttpCompression (590) has unpacked the body, before Retry (550).
DOWNLOADER_MIDDLEWARES: dict[str, int] = {
    "spiders.guard.RequestGuard": 40,
    "spiders.guard.RedirectGuard": 650,
    "spiders.middlewares.CharsetRepairMiddleware": 580,
}
SPIDER_MIDDLEWARES: dict[str, int] = {
    "spiders.health.ExtractionHealth": 950,  # per-source field coverage
    "pipeline.frontier.Frontier": 960,  # article requests remembered until stored (nearest the spider)
}

EXTENSIONS = {
    "pipeline.known_urls.KnownUrls": 100,
    "pipeline.crawl_run.CrawlRunRecorder": 110,
}

ITEM_PIPELINES = {
    "pipeline.validate.ValidateArticle": 100,
    "pipeline.normalise.NormaliseArticle": 200,
    "pipeline.dedupe.DedupeArticle": 300,
    "pipeline.enrich.EnrichArticle": 400,
    "pipeline.store.StoreArticle": 500,
}

# gba-watch's own knobs (read by pipeline components through crawler.settings).
GBAWATCH_DATABASE_URL = None  # None: the CLI passes one; pipeline falls back to the env/default
GBAWATCH_NLP_ENABLED = True
GBAWATCH_STORE_BATCH = 50
GBAWATCH_SPOOL_DIR = "spool"  # failed batches are kept here (see pipeline/spool.py)
GBAWATCH_INCREMENTAL = True
GBAWATCH_FRONTIER = True  # listed articles not stored are requested again by later crawls
GBAWATCH_FRONTIER_ATTEMPTS = 3  # … by this many, then given up and counted
