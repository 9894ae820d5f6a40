package availability_test

import (
	"fmt"
	"time"
	_ "time/tzdata"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
)

// Rule RG-MINUTE-1: minute slots of one endpoint-day in São Paulo. Ten
// minutes with 20 calls each; in two of them 2 calls are 500 (90 % < 95 %:
// down). Daily availability = 8 up / 10 active minutes = 80 %. The long
// availability averages it with a previous day of 100 %: 90 %.
func ExampleMinuteDay() {
	sp, _ := time.LoadLocation("America/Sao_Paulo")
	cal := kpi.NewCalendar(sp)
	first := time.Date(2025, 3, 10, 14, 0, 0, 0, sp)
	var day availability.MinuteDay
	var date kpi.Date
	for m := 0; m < 10; m++ {
		for i := 0; i < 20; i++ {
			status := 200
			if (m == 3 || m == 4) && i < 2 {
				status = 500
			}
			c := kpi.Call{ReceivedAt: first.Add(time.Duration(m)*time.Minute + time.Duration(i)*time.Second), Endpoint: "GET /accounts", Status: status}
			d, slot := availability.MinuteOf(cal, c.ReceivedAt)
			date = d
			_ = day.Add(slot, &c)
		}
	}
	up, active := day.Minutes()
	fmt.Println(date, "up", up, "of", active, "=", day.Percent().Format(1), "%")

	var w availability.MinuteWindow
	_, _ = w.Add(availability.MinuteFigure{Date: date - 1, Up: 1440, Active: 1440})
	_, _ = w.Add(availability.MinuteFigure{Date: date, Up: up, Active: active})
	fmt.Println("long", w.Percent().Format(1), "%")
	// Output:
	// 2025-03-10 up 8 of 10 = 80.0 %
	// long 90.0 %
}
