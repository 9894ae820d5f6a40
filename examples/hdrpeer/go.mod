module github.com/openfinance-kpi/kpi/examples/hdrpeer

go 1.26.0

require github.com/openfinance-kpi/kpi v0.0.0

require (
	github.com/HdrHistogram/hdrhistogram-go v1.4.0
	github.com/shopspring/decimal v1.6.0 // indirect
)

replace github.com/openfinance-kpi/kpi => ../..
