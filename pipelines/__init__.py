"""Normalisation and storage for the Mutuals Archive, usable without Scrapy."""
