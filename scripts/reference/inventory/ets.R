# Reference ETS fits from R's forecast package (Hyndman et al.), default settings: model = "ZZZ", ic = "aicc",
# opt.crit = "lik", bounds = "both", restrict = TRUE, allow.multiplicative.trend = FALSE.
#   Rscript scripts/reference/inventory/ets.R > test/fixtures/inventory/ets-r.json
# Reads the retail series written by retail-series.R (test/fixtures/inventory/retail-series.json).
suppressMessages({ library(forecast); library(jsonlite) })
retail <- fromJSON("test/fixtures/inventory/retail-series.json", simplifyDataFrame = FALSE)
series_named <- function(name) {
  s <- Filter(function(s) s$name == name, retail)[[1]]
  ts(unlist(s$values), frequency = s$frequency)
}

describe <- function(name, y, model, h) {
  fit <- if (model == "ZZZ") ets(y) else ets(y, model = gsub("d", "", model), damped = grepl("d", model))
  fc <- forecast(fit, h = h, level = c(80, 95))
  list(series = name, requested = model, method = fit$method, components = fit$components,
       par = as.list(fit$par), loglik = fit$loglik, aic = fit$aic, aicc = fit$aicc, bic = fit$bic,
       sigma2 = fit$sigma2, initstate = I(unname(fit$initstate)), h = h,
       mean = as.numeric(fc$mean), lo80 = as.numeric(fc$lower[, 1]), hi80 = as.numeric(fc$upper[, 1]),
       lo95 = as.numeric(fc$lower[, 2]), hi95 = as.numeric(fc$upper[, 2]))
}

cases <- list(
  list("AirPassengers", AirPassengers, "ZZZ", 24),
  list("AirPassengers", AirPassengers, "ANN", 12),
  list("AirPassengers", AirPassengers, "AAdA", 12),
  list("AirPassengers", AirPassengers, "MNM", 12),
  list("Nile", Nile, "ZZZ", 10),
  list("Nile", Nile, "AAdN", 10),
  list("retail-85123A", series_named("retail-85123A"), "ZZZ", 28),
  list("retail-22423", series_named("retail-22423"), "ZZZ", 28),
  list("retail-total-trading-days", series_named("retail-total-trading-days"), "ZZZ", 24),
  list("retail-total-trading-days", series_named("retail-total-trading-days"), "MAdM", 12)
)
out <- lapply(cases, function(c) describe(c[[1]], c[[2]], c[[3]], c[[4]]))
series <- list(AirPassengers = as.numeric(AirPassengers), Nile = as.numeric(Nile))
cat(toJSON(list(source = paste("R", R.version$major, R.version$minor, "forecast", packageVersion("forecast")),
                series = series, fits = out), auto_unbox = TRUE, digits = NA))
