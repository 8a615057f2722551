module clustersim.example/go-tracker

go 1.19
