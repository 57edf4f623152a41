locals {
  # Endpoints look like ssl://b-1234.mq.us-east-1.amazonaws.com:61617; the
  # first one is OpenWire. An active/standby broker has one per instance.
  openwire = one([for e in aws_mq_broker.this.instances[0].endpoints : e if startswith(e, "ssl://")])
}

output "host" {
  description = "Host name of the (active) broker's OpenWire endpoint."
  value       = regex("^ssl://([^:/]+)", local.openwire)[0]
}

output "port" {
  description = "OpenWire (TLS) port."
  value       = local.ports.openwire
}

output "console_url" {
  description = "URL of the ActiveMQ web console (reachable from inside the VPC)."
  value       = aws_mq_broker.this.instances[0].console_url
}

output "failover_url" {
  description = "OpenWire failover URL over every broker instance (active/standby)."
  value       = "failover:(${join(",", [for i in aws_mq_broker.this.instances : one([for e in i.endpoints : e if startswith(e, "ssl://")])])})"
}

output "arn" {
  description = "ARN of the broker."
  value       = aws_mq_broker.this.arn
}
