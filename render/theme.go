package render

// Category colours follow AWS architecture diagrams: compute orange,
// database magenta, storage green, networking purple, security red,
// application integration and management pink, general dark grey.
var categoryColor = map[string]rgba{
	"lambda":             hex("#ED7100"),
	"ec2-instance":       hex("#ED7100"),
	"dynamodb-table":     hex("#C925D1"),
	"rds-cluster":        hex("#C925D1"),
	"s3-bucket":          hex("#7AA116"),
	"efs-filesystem":     hex("#7AA116"),
	"vpc":                hex("#8C4FFF"),
	"subnet":             hex("#8C4FFF"),
	"route-table":        hex("#8C4FFF"),
	"internet-gateway":   hex("#8C4FFF"),
	"nat-gateway":        hex("#8C4FFF"),
	"vpc-endpoint":       hex("#8C4FFF"),
	"network-acl":        hex("#8C4FFF"),
	"security-group":     hex("#DD344C"),
	"iam-role":           hex("#DD344C"),
	"iam-user":           hex("#DD344C"),
	"sqs-queue":          hex("#E7157B"),
	"sns-topic":          hex("#E7157B"),
	"cloudwatch-logs":    hex("#E7157B"),
	"cloudwatch-metrics": hex("#E7157B"),
	"xray":               hex("#E7157B"),
	"internet-host":      hex("#545B64"),
	"external-account":   hex("#545B64"),
	"generic":            hex("#7D8998"),
}

// categoryOf returns the tile colour for a node type.
func categoryOf(nodeType string) rgba {
	if c, ok := categoryColor[nodeType]; ok {
		return c
	}
	return categoryColor["generic"]
}

// theme holds every colour the drawing uses besides category colours.
type theme struct {
	name       string
	bg         rgba
	text       rgba // primary text
	muted      rgba // secondary text
	cardFill   rgba
	cardStroke rgba
	chipFill   rgba
	chipText   rgba

	cloud, region, az         rgba // group outlines
	vpc, vpcFill              rgba
	public, publicFill        rgba // public subnet
	private, privateFill      rgba // private and isolated subnets
	edge, allowed, blocked    rgba
	partial, partialText      rgba
	highlight, highlightHalo  rgba
	legendFill, legendStroke  rgba
	info, warning, errorColor rgba // finding severities
	labelFill                 rgba // background behind edge labels
}

var lightTheme = theme{
	name:          "light",
	bg:            hex("#FFFFFF"),
	text:          hex("#16191F"),
	muted:         hex("#5F6B7A"),
	cardFill:      hex("#FFFFFF"),
	cardStroke:    hex("#C6CDD6"),
	chipFill:      hex("#F2F3F3"),
	chipText:      hex("#232F3E"),
	cloud:         hex("#232F3E"),
	region:        hex("#00A4A6"),
	az:            hex("#00A4A6"),
	vpc:           hex("#8C4FFF"),
	vpcFill:       hex("#FFFFFF"),
	public:        hex("#7AA116"),
	publicFill:    hex("#F2F6E8"),
	private:       hex("#147EBA"),
	privateFill:   hex("#E6F2F8"),
	edge:          hex("#545B64"),
	allowed:       hex("#1D8102"),
	blocked:       hex("#D13212"),
	partial:       hex("#E07F00"),
	partialText:   hex("#8D4E00"),
	highlight:     hex("#0972D3"),
	highlightHalo: hex("#0972D3").alpha(0.18),
	legendFill:    hex("#FAFAFA"),
	legendStroke:  hex("#D5DBDB"),
	info:          hex("#0972D3"),
	warning:       hex("#E07F00"),
	errorColor:    hex("#D13212"),
	labelFill:     hex("#FFFFFF"),
}

var darkTheme = theme{
	name:          "dark",
	bg:            hex("#0F1B2A"),
	text:          hex("#E9EBED"),
	muted:         hex("#9BA7B6"),
	cardFill:      hex("#192534"),
	cardStroke:    hex("#414D5C"),
	chipFill:      hex("#253244"),
	chipText:      hex("#D1D5DB"),
	cloud:         hex("#D1D5DB"),
	region:        hex("#2BC0C2"),
	az:            hex("#2BC0C2"),
	vpc:           hex("#A783FF"),
	vpcFill:       hex("#0F1B2A"),
	public:        hex("#97C93D"),
	publicFill:    hex("#1B2A1C"),
	private:       hex("#4CA7E8"),
	privateFill:   hex("#132A3D"),
	edge:          hex("#AAB4C0"),
	allowed:       hex("#4CC13A"),
	blocked:       hex("#FF6B5A"),
	partial:       hex("#FFB547"),
	partialText:   hex("#FFB547"),
	highlight:     hex("#54A8FF"),
	highlightHalo: hex("#54A8FF").alpha(0.22),
	legendFill:    hex("#16212F"),
	legendStroke:  hex("#414D5C"),
	info:          hex("#54A8FF"),
	warning:       hex("#FFB547"),
	errorColor:    hex("#FF6B5A"),
	labelFill:     hex("#0F1B2A"),
}
