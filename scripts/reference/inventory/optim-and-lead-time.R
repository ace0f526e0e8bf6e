# Reference values for Keel's Nelder-Mead port and lead-time demand.
#   Rscript scripts/reference/inventory/optim-and-lead-time.R > test/fixtures/inventory/optim-lead-time-r.json
# 1. R's optim(method = "Nelder-Mead") on Rosenbrock's function from c(-1.2, 1) (the example in ?optim).
# 2. Lead-time demand of ETS(A,N,N) fitted by forecast::ets to the Nile series: the total over L periods is
#    normal with mean L * l_n and variance sigma^2 * sum_{k=1..L} (1 + (L - k) * alpha)^2 (HKOS 2008 ch. 6,
#    the error of period n+k enters every later period of the lead time with weight alpha).
suppressMessages({ library(forecast); library(jsonlite) })
rosenbrock <- function(x) 100 * (x[2] - x[1] * x[1])^2 + (1 - x[1])^2
nm <- optim(c(-1.2, 1), rosenbrock, method = "Nelder-Mead")
fit <- ets(Nile, model = "ANN")
L <- 10
alpha <- fit$par[["alpha"]]
level <- as.numeric(tail(fit$states[, "l"], 1))
weights <- 1 + (L - (1:L)) * alpha
sd_total <- sqrt(fit$sigma2 * sum(weights^2))
probabilities <- c(0.5, 0.8, 0.9, 0.95, 0.99)
cat(toJSON(list(
  source = paste("R", R.version$major, R.version$minor, "forecast", packageVersion("forecast")),
  nelderMead = list(par = nm$par, value = nm$value, evaluations = nm$counts[["function"]]),
  leadTime = list(series = "Nile", model = fit$method, alpha = alpha, level = level, sigma2 = fit$sigma2, L = L,
                  mean = L * level, sd = sd_total, probabilities = probabilities,
                  quantiles = qnorm(probabilities, L * level, sd_total))
), auto_unbox = TRUE, digits = NA))
