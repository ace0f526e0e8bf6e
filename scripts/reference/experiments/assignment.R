#!/usr/bin/env Rscript
# Reference hashes and arm assignments for app/experiments/model/assignment.ts.
# MurmurHash3 x86_32 from the R package digest (Debian r-cran-digest, C code from Appleby's SMHasher):
#   LANG=C.UTF-8 Rscript scripts/reference/experiments/assignment.R > test/fixtures/experiments/assignment.json
# The bucketing (position = hash / 2^32 against cumulative normalised weights) is re-implemented here.
suppressMessages({ library(digest); library(jsonlite) })

to_signed <- function(u) if (u >= 2^31) u - 2^32 else u
murmur <- function(text, seed) {
  hex <- digest(enc2utf8(text), algo = "murmur32", serialize = FALSE, seed = as.integer(to_signed(seed)))
  strtoi(substr(hex, 1, 4), 16L) * 65536 + strtoi(substr(hex, 5, 8), 16L)
}

vectors <- list(
  list(text = "", seed = 0), list(text = "", seed = 1), list(text = "", seed = 4294967295),
  list(text = "a", seed = 2538058380), list(text = "abc", seed = 0), list(text = "hello", seed = 0),
  list(text = "Hello, world!", seed = 2538058380),
  list(text = "The quick brown fox jumps over the lazy dog", seed = 0),
  list(text = "caf\u00e9", seed = 0), list(text = "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8", seed = 42),
  list(text = "visitor-\U0001F600-emoji", seed = 7), list(text = "gid://shopify/Customer/7345123", seed = 123456789)
)
hashes <- lapply(vectors, function(v) list(text = v$text, seed = v$seed, hash = murmur(v$text, v$seed)))

assign_arm <- function(experiment, visitor, weights) {
  hash <- murmur(visitor, murmur(experiment, 0))
  position <- hash / 2^32
  list(hash = hash, arm = which(position * sum(weights) < cumsum(weights))[1] - 1)
}
assignments <- list()
for (experiment in c("exp-checkout-button", "free-shipping-threshold-2026")) {
  for (weights in list(c(0.5, 0.5), c(0.2, 0.3, 0.5), c(1, 1, 1, 1, 1))) {
    for (i in c(1, 2, 3, 17, 999, 123456)) {
      visitor <- paste0("visitor-", i)
      a <- assign_arm(experiment, visitor, weights)
      assignments[[length(assignments) + 1]] <- list(
        experiment = experiment, visitor = visitor, weights = weights, hash = a$hash, arm = a$arm
      )
    }
  }
}
cat(toJSON(list(
  source = paste("R", getRversion(), "digest", packageVersion("digest"), "scripts/reference/experiments/assignment.R"),
  hashes = hashes, assignments = assignments
), auto_unbox = TRUE, digits = NA, pretty = TRUE))
