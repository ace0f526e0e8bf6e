# R side of `npm run bench:forecast`: forecast::ets (defaults, frequency given) and forecast::croston
# (alpha 0.1) on the series the benchmark passes in, with the time each took. Croston is timed through
# forecast:::croston2(nofits = TRUE), the same forecast without croston()'s in-sample fitted values, which
# it recomputes from scratch for every prefix of the series (quadratic time).
#   Rscript bench/forecast/r-side.R input.json output.json [croston]
# input.json: {"frequency": 6, "horizon": 28, "series": [[...], ...]}
suppressMessages({ library(forecast); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
input <- fromJSON(args[1], simplifyVector = FALSE)
with_croston <- length(args) >= 3 && args[3] == "croston"
h <- input$horizon
results <- lapply(input$series, function(values) {
  y <- ts(unlist(values), frequency = input$frequency)
  started <- proc.time()[["elapsed"]]
  fit <- tryCatch(ets(y), error = function(e) NULL)
  fc <- if (is.null(fit)) NULL else forecast(fit, h = h, level = c(80, 95))
  ets_seconds <- proc.time()[["elapsed"]] - started
  out <- list(ets_seconds = ets_seconds)
  if (!is.null(fc)) {
    out$method <- fit$method
    out$mean <- as.numeric(fc$mean)
    out$lo80 <- as.numeric(fc$lower[, 1]); out$hi80 <- as.numeric(fc$upper[, 1])
    out$lo95 <- as.numeric(fc$lower[, 2]); out$hi95 <- as.numeric(fc$upper[, 2])
  }
  if (with_croston) {
    started <- proc.time()[["elapsed"]]
    cr <- forecast:::croston2(pmax(as.numeric(y), 0), h = h, alpha = 0.1, nofits = TRUE)
    out$croston_seconds <- proc.time()[["elapsed"]] - started
    out$croston <- as.numeric(cr)
  }
  out
})
writeLines(toJSON(results, auto_unbox = TRUE, digits = NA, null = "null"), args[2])
