# Extracts the daily retail series used by the ETS and Croston reference tests from the UCI Online Retail
# data set (data/online-retail/online-retail.csv.gz): sales lines only (no cancellations, quantity > 0).
#   Rscript scripts/reference/inventory/retail-series.R > test/fixtures/inventory/retail-series.json
suppressMessages(library(jsonlite))
raw <- read.csv(gzfile("data/online-retail/online-retail.csv.gz"), stringsAsFactors = FALSE)
sales <- raw[!startsWith(raw$InvoiceNo, "C") & raw$Quantity > 0, ]
sales$day <- as.Date(substr(sales$InvoiceDate, 1, 10))
calendar <- seq(min(sales$day), max(sales$day), by = "day")

daily_units <- function(code) {
  rows <- sales[sales$StockCode == code, ]
  totals <- tapply(rows$Quantity, rows$day, sum)
  units <- setNames(rep(0, length(calendar)), as.character(calendar))
  units[names(totals)] <- totals
  list(name = paste0("retail-", code), source = paste("daily units of stock code", code, "over calendar days, zero-filled"),
       start = as.character(calendar[1]), frequency = 7, values = unname(as.numeric(units)))
}

# All units sold per trading day (days with at least one sale): strictly positive, six trading days a week.
trading <- tapply(sales$Quantity, sales$day, sum)
total <- list(name = "retail-total-trading-days", source = "total units sold per trading day (Sun-Fri)",
              start = names(trading)[1], frequency = 6, values = unname(as.numeric(trading)))

out <- list(daily_units("85123A"), total, daily_units("22423"), daily_units("84879"))
# An intermittent series for Croston: a slow mover, its last 200 calendar days.
slow <- daily_units("21730")
slow$values <- tail(slow$values, 200)
slow$source <- paste(slow$source, "(last 200 days)")
out[[length(out) + 1]] <- slow
cat(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = FALSE))
