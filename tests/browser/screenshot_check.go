// screenshot_check compares a browser's screenshot of a timeline SVG with what the SVG says it
// draws: every partition side's band must be painted in its colour where the SVG puts it, and
// every flap down phase and one-way band must show its hatching (some pixel not white). The
// browser test (timeline_in_chromium.sh) runs it on pictures Chromium rendered.
//
// usage: go run screenshot_check.go TIMELINE.svg SCREENSHOT.png
package main

import (
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"os"
	"strconv"
	"strings"
)

type band struct {
	kind, fill string
	x, y, w    float64
}

// translateY reads "translate(0,Y)".
func translateY(transform string) float64 {
	if !strings.HasPrefix(transform, "translate(") {
		return 0
	}
	parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(transform, "translate("), ")"), ",")
	if len(parts) != 2 {
		return 0
	}
	y, _ := strconv.ParseFloat(parts[1], 64)
	return y
}

// bands walks the SVG, adding up the translations of the groups around each rect.
func bands(path string) ([]band, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	decoder := xml.NewDecoder(file)
	var offsets []float64
	offset := 0.0
	var found []band
	for {
		token, err := decoder.Token()
		if err != nil {
			break
		}
		switch t := token.(type) {
		case xml.StartElement:
			attrs := map[string]string{}
			for _, a := range t.Attr {
				attrs[a.Name.Local] = a.Value
			}
			if t.Name.Local == "g" {
				offsets = append(offsets, offset)
				offset += translateY(attrs["transform"])
			}
			kind := attrs["data-kind"]
			if t.Name.Local == "rect" && kind != "" {
				x, _ := strconv.ParseFloat(attrs["x"], 64)
				y, _ := strconv.ParseFloat(attrs["y"], 64)
				w, _ := strconv.ParseFloat(attrs["width"], 64)
				found = append(found, band{kind, attrs["fill"], x, y + offset, w})
			}
		case xml.EndElement:
			if t.Name.Local == "g" {
				offset = offsets[len(offsets)-1]
				offsets = offsets[:len(offsets)-1]
			}
		}
	}
	return found, nil
}

func rgb(img image.Image, x, y int) (int, int, int) {
	r, g, b, _ := img.At(x, y).RGBA()
	return int(r >> 8), int(g >> 8), int(b >> 8)
}

func near(a, b int) bool { return a-b <= 12 && b-a <= 12 }

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: screenshot_check TIMELINE.svg SCREENSHOT.png")
		os.Exit(2)
	}
	drawn, err := bands(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	file, err := os.Open(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	img, err := png.Decode(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, "screenshot:", err)
		os.Exit(2)
	}
	checked, failed := 0, 0
	for _, b := range drawn {
		if b.w < 8 {
			continue // too narrow to sample reliably
		}
		cx, cy := int(b.x+b.w/2), int(b.y+1.5)
		switch {
		case strings.HasPrefix(b.kind, "partition-side-"):
			want, _ := strconv.ParseUint(strings.TrimPrefix(b.fill, "#"), 16, 32)
			r, g, bl := rgb(img, cx, cy)
			if !near(r, int(want>>16)) || !near(g, int(want>>8&0xff)) || !near(bl, int(want&0xff)) {
				fmt.Printf("FAIL %s at (%d,%d): painted #%02x%02x%02x, drawn %s\n", b.kind, cx, cy, r, g, bl, b.fill)
				failed++
			}
			checked++
		case b.kind == "flap-down" || b.kind == "cannot-send" || b.kind == "cannot-hear":
			hatched := false
			for dx := -3; dx <= 3 && !hatched; dx++ {
				for dy := 0; dy <= 2 && !hatched; dy++ {
					r, g, bl := rgb(img, cx+dx, cy+dy)
					hatched = r < 245 || g < 245 || bl < 245
				}
			}
			if !hatched {
				fmt.Printf("FAIL %s at (%d,%d): nothing painted\n", b.kind, cx, cy)
				failed++
			}
			checked++
		}
	}
	if checked == 0 {
		fmt.Println("FAIL: no partition side, flap phase or one-way band to compare")
		os.Exit(1)
	}
	fmt.Printf("%d bands compared with the screenshot, %d differ\n", checked, failed)
	if failed > 0 {
		os.Exit(1)
	}
}
