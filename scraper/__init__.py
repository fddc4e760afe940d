"""The Scrapy project: spiders decide what to fetch, parsers turn responses into items."""
