"""Every reader-facing page, feed, calendar, sitemap and structured datum."""
