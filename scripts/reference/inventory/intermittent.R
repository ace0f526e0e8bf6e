# Reference values for the intermittent-demand models.
#   Rscript scripts/reference/inventory/intermittent.R > test/fixtures/inventory/intermittent-r.json
# Croston: R forecast::croston (alpha = 0.1 and 0.2). SBA, TSB and ADIDA have no implementation in the
# forecast package; they are computed here directly from the published formulas, independently of Keel:
#   SBA   Syntetos & Boylan (2005), IJF 21(2): Croston x (1 - alpha/2).
#   TSB   Teunter, Syntetos & Babai (2011), EJOR 214(3): p_t = p + beta (1[y>0] - p); z_t = z + alpha (y - z)
#         when y > 0; forecast p z; started at the first period's indicator and the first non-zero demand.
#   ADIDA Nikolopoulos et al. (2011), JORS 62(3): aggregate in non-overlapping buckets of k = round(mean
#         inter-demand interval) periods counted back from the last one, SES on the buckets, forecast / k.
# TSB and ADIDA choose their smoothing constants on a fixed grid by in-sample one-step squared error.
suppressMessages({ library(forecast); library(jsonlite) })
retail <- fromJSON("test/fixtures/inventory/retail-series.json", simplifyDataFrame = FALSE)
slow <- unlist(Filter(function(s) s$name == "retail-21730", retail)[[1]]$values)
toy <- c(0, 0, 3, 0, 0, 0, 1, 0, 5, 0, 0, 2, 0, 0, 0, 0, 4, 0, 1, 0)

ses_simple <- function(x, alpha) { # level after each observation, started at x[1]
  level <- numeric(length(x)); level[1] <- x[1]
  if (length(x) > 1) for (t in 2:length(x)) level[t] <- level[t - 1] + alpha * (x[t] - level[t - 1])
  level
}
ses_sse <- function(x, alpha) { level <- ses_simple(x, alpha); sum((x[-1] - level[-length(x)])^2) }
grid <- seq(0.05, 0.95, by = 0.05)

tsb <- function(y, alpha, beta) {
  p <- as.numeric(y[1] > 0); first <- which(y > 0)[1]; z <- y[first]; sse <- 0
  for (t in 2:length(y)) {
    if (t > first) sse <- sse + (y[t] - p * z)^2
    p <- p + beta * (as.numeric(y[t] > 0) - p)
    if (y[t] > 0 && t > first) z <- z + alpha * (y[t] - z)
  }
  list(forecast = p * z, sse = sse)
}
tsb_best <- function(y) {
  tsb_grid <- c(0.05, 0.1, 0.2, 0.3, 0.5)
  best <- NULL
  for (a in tsb_grid) for (b in tsb_grid) {
    r <- tsb(y, a, b)
    if (is.null(best) || r$sse < best$sse - 1e-12) best <- c(r, alpha = a, beta = b)
  }
  best
}
adida <- function(y) {
  nz <- which(y > 0)
  k <- max(1, round(mean(diff(c(0, nz)))))
  n <- length(y); buckets <- n %/% k
  agg <- sapply(1:buckets, function(i) sum(y[(n - buckets * k + (i - 1) * k + 1):(n - buckets * k + i * k)]))
  sse <- sapply(grid, function(a) ses_sse(agg, a))
  alpha <- grid[which.min(sse)]
  level <- ses_simple(agg, alpha)
  list(k = k, alpha = alpha, forecast = level[length(level)] / k)
}

describe <- function(name, y) {
  c1 <- croston(y, h = 5, alpha = 0.1)
  c2 <- croston(y, h = 5, alpha = 0.2)
  t <- tsb_best(y); a <- adida(y)
  list(series = name, values = y,
       croston = list(alpha = 0.1, mean = as.numeric(c1$mean)[1], fitted = as.numeric(c1$fitted)),
       croston02 = list(alpha = 0.2, mean = as.numeric(c2$mean)[1]),
       sba = list(alpha = 0.1, mean = as.numeric(c1$mean)[1] * (1 - 0.1 / 2)),
       tsb = list(alpha = t$alpha, beta = t$beta, mean = t$forecast),
       adida = list(k = a$k, alpha = a$alpha, mean = a$forecast))
}
cat(toJSON(list(source = paste("R", R.version$major, R.version$minor, "forecast", packageVersion("forecast")),
                cases = list(describe("toy", toy), describe("retail-21730", slow))),
           auto_unbox = TRUE, digits = NA, na = "null"))
